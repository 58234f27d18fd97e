import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { errorText } from '@/lib/popup/format';

export type Async<T> = { status: 'loading' } | { status: 'error'; error: string } | { status: 'done'; value: T };

/** Runs `load` when `deps` change; stale answers are dropped. `reload` runs it again. */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): [Async<T>, () => void] {
  const [state, setState] = useState<Async<T>>({ status: 'loading' });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => (s.status === 'done' && tick > 0 ? s : { status: 'loading' }));
    load().then(
      (value) => live && setState({ status: 'done', value }),
      (e: unknown) => live && setState({ status: 'error', error: errorText(e) }),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  return [state, useCallback(() => setTick((t) => t + 1), [])];
}

/** Runs one action at a time (a button's click) with its busy flag and error. */
export function useAction(): { busy: boolean; error: string | null; run: (action: () => Promise<void>) => Promise<void>; clear: () => void } {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const mounted = useRef(true);
  useEffect(() => () => void (mounted.current = false), []);
  const run = useCallback(async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      if (mounted.current) setError(errorText(e));
    } finally {
      if (mounted.current) setBusy(false);
    }
  }, []);
  return { busy, error, run, clear: () => setError(null) };
}

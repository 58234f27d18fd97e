import { useEffect, useState } from 'preact/hooks';
import type { Store } from './store.ts';

/**
 * The store's value, kept current. A value set between the first render and the subscription (effects
 * run after paint) is picked up when subscribing, so no change is ever missed.
 */
export function useStore<T>(store: Store<T>): T {
  const [value, setValue] = useState(() => store.get());
  useEffect(() => {
    setValue(store.get());
    return store.subscribe(setValue);
  }, [store]);
  return value;
}

import { onPageChange, parsePage } from '@/lib/console/pages';
import type { AppContext, Feature } from './types.ts';

/**
 * Runs the features that belong on the current console page and re-runs them after every in-app
 * navigation (the console routes by hash, without reloading). Each run gets its own signal, so a
 * feature's listeners, observers and UI go away when the page changes or the extension reloads.
 */
export function startFeatures(features: readonly Feature[], app: AppContext, signal: AbortSignal): void {
  let current: AbortController | null = null;
  let lastKey = '';
  const run = () => {
    const page = parsePage(location);
    const key = JSON.stringify(page);
    if (key === lastKey) return;
    lastKey = key;
    current?.abort();
    current = new AbortController();
    const pageSignal = AbortSignal.any([signal, current.signal]);
    for (const feature of features) {
      if (!feature.runsOn(page)) continue;
      try {
        feature.init({ app, page, signal: pageSignal });
      } catch (e) {
        console.error(`[IPS Snapshots] feature ${feature.name} failed to start`, e);
      }
    }
  };
  onPageChange(run, signal);
  signal.addEventListener('abort', () => current?.abort(), { once: true });
  run();
}

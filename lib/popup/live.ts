import { browser } from 'wxt/browser';
import { isIpsPath } from '@/lib/console/pages';

/**
 * "Compare with live": the content script in an open console tab of the tenant takes a fresh snapshot
 * (no download) and answers once it is stored. Tabs are found without the "tabs" permission: a tab's
 * URL is visible to the extension exactly when it has host access to it, which is where the content
 * script runs (built-in console hosts and granted custom domains).
 */
export interface LiveSnapshot {
  started: boolean;
  origin?: string;
  snapshotId?: number | null;
  error?: string | null;
  reason?: string;
}

export async function findConsoleTab(origin: string): Promise<number | null> {
  const tabs = await browser.tabs.query({});
  const matches = tabs.filter((t) => {
    if (t.id === undefined || !t.url) return false;
    try {
      const url = new URL(t.url);
      return url.origin === origin && isIpsPath(url.pathname);
    } catch {
      return false;
    }
  });
  // The tab the admin looks at first, then the most recently used.
  matches.sort((a, b) => Number(b.active) - Number(a.active) || (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0));
  return matches[0]?.id ?? null;
}

/** Asks the console tab for a snapshot now and waits until it is stored; returns its id. */
export async function takeLiveSnapshot(tabId: number): Promise<number> {
  let answer: LiveSnapshot | undefined;
  try {
    answer = (await browser.tabs.sendMessage(tabId, { ipx: 'content.snapshotNow', wait: true })) as LiveSnapshot | undefined;
  } catch (e) {
    throw new Error(`The console tab did not answer (${e instanceof Error ? e.message : String(e)}). Reload the console tab and try again.`);
  }
  if (!answer?.started) throw new Error(answer?.reason ?? 'The console tab could not start a snapshot. Reload it and try again.');
  if (!answer.snapshotId) throw new Error(answer.error ?? 'The snapshot of the live tenant was not stored.');
  return answer.snapshotId;
}

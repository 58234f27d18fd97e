import { browser, type Browser } from 'wxt/browser';
import { isIpsPath } from '@/lib/console/pages';
import type { RestoreRequest } from '@/lib/import/messages';

/**
 * "Compare with live" and "Restore": the content script in an open console tab of the tenant does the
 * work. Tabs are found without the "tabs" permission: a tab's URL (and title) is visible to the extension
 * exactly when it has host access to it, which is where the content script runs (built-in console hosts
 * and granted custom domains).
 */
export interface LiveSnapshot {
  started: boolean;
  origin?: string;
  snapshotId?: number | null;
  /** True when no new snapshot was kept: the live tenant is identical to stored snapshot `snapshotId`. */
  reused?: boolean;
  error?: string | null;
  /** Why the console tab could not start. */
  reason?: string;
  /** Why a started run stopped (ExportState's reason, e.g. 'session'). */
  stopped?: string;
}

/** The snapshot "Compare with live" compares with: a new one, or the newest stored one when nothing changed. */
export interface LiveResult {
  snapshotId: number;
  /** No new snapshot was kept: the live tenant is identical to snapshot `snapshotId`. */
  reused: boolean;
}

export const SESSION_EXPIRED_COMPARE = 'Your console session has expired. Sign in to the console again (reload the page), then compare again.';

/** An open console tab, as the restore dialog offers it. */
export interface ConsoleTab {
  tabId: number;
  origin: string;
  title: string;
}

/** What the content script answers to `content.restore` (lib/content/main.ts). */
interface RestoreAnswer {
  opened: boolean;
  reason?: string;
}

/** The console origin of a tab, or null when the tab is not the IPS console (or its URL is hidden from us). */
function consoleOrigin(tab: Browser.tabs.Tab): string | null {
  if (tab.id === undefined || !tab.url) return null;
  try {
    const url = new URL(tab.url);
    return isIpsPath(url.pathname) ? url.origin : null;
  } catch {
    return null;
  }
}

/** Every open console tab: the tab the admin looks at first, then the most recently used. */
export async function consoleTabs(): Promise<ConsoleTab[]> {
  const tabs = await browser.tabs.query({});
  const found = tabs.flatMap((tab) => {
    const origin = consoleOrigin(tab);
    return origin ? [{ tab, origin }] : [];
  });
  found.sort((a, b) => Number(b.tab.active) - Number(a.tab.active) || (b.tab.lastAccessed ?? 0) - (a.tab.lastAccessed ?? 0));
  return found.map(({ tab, origin }) => ({ tabId: tab.id!, origin, title: tab.title ?? '' }));
}

export async function findConsoleTab(origin: string): Promise<number | null> {
  return (await consoleTabs()).find((t) => t.origin === origin)?.tabId ?? null;
}

const noAnswer = (why: string) => new Error(`The console tab did not answer (${why}). Reload the console tab and try again.`);

/**
 * Asks the console tab for a snapshot of the live tenant and waits until it is stored. When the tenant
 * is identical to its newest stored snapshot no new one is kept (it would only crowd real history out of
 * retention): that snapshot's id comes back with `reused: true`.
 */
export async function snapshotLive(tabId: number): Promise<LiveResult> {
  let answer: LiveSnapshot | undefined;
  try {
    answer = (await browser.tabs.sendMessage(tabId, { ipx: 'content.snapshotNow', wait: true })) as LiveSnapshot | undefined;
  } catch (e) {
    throw noAnswer(e instanceof Error ? e.message : String(e));
  }
  if (!answer?.started) throw new Error(answer?.reason ?? 'The console tab could not start a snapshot. Reload it and try again.');
  if (answer.stopped === 'session') throw new Error(SESSION_EXPIRED_COMPARE);
  if (!answer.snapshotId) throw new Error(answer.error ?? 'The snapshot of the live tenant was not stored.');
  return { snapshotId: answer.snapshotId, reused: answer.reused === true };
}

/**
 * Opens the restore dialog in the console tab (the writes must come from the console's page), then
 * brings that tab to the front, where the admin sees the plan and applies. Nothing is written here.
 */
export async function startRestore(tabId: number, request: RestoreRequest): Promise<void> {
  let answer: RestoreAnswer | undefined;
  try {
    answer = (await browser.tabs.sendMessage(tabId, { ipx: 'content.restore', request })) as RestoreAnswer | undefined;
  } catch (e) {
    throw noAnswer(e instanceof Error ? e.message : String(e));
  }
  // No answer at all: an old content script without the listener, or a page that is still loading.
  if (!answer) throw noAnswer('no reply');
  if (!answer.opened) throw new Error(answer.reason ?? 'The console tab could not open the restore. Reload the console tab and try again.');
  await focusTab(tabId);
}

/** A courtesy only: the restore is open in the tab either way (and Firefox for Android has no windows). */
async function focusTab(tabId: number): Promise<void> {
  try {
    const tab = await browser.tabs.update(tabId, { active: true });
    if (tab?.windowId !== undefined) await browser.windows?.update(tab.windowId, { focused: true });
  } catch {
    // The tab or window went away meanwhile, or cannot be focused.
  }
}

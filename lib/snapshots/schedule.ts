import { browser, type Browser } from 'wxt/browser';
import { isIpsPath } from '@/lib/console/pages';
import type { ContentCommand, ScheduledRun, StoreSettings } from '@/lib/messaging/protocol';
import { loadDomains } from '@/lib/options/domains';
import { loadStoreSettings } from './settings.ts';

/**
 * Scheduled snapshots (off by default): an alarm asks one open console tab per tenant to take a
 * snapshot; the content script does the export (it has the console session), the background stores it.
 * Alarms survive the worker stopping; the listener is registered at the worker's top level.
 */
export const SCHEDULE_ALARM = 'ipx-scheduled-snapshot';

export async function syncScheduleAlarm(settings: StoreSettings): Promise<void> {
  const { enabled, intervalMinutes } = settings.scheduled;
  const current = await browser.alarms.get(SCHEDULE_ALARM);
  if (!enabled) {
    if (current) await browser.alarms.clear(SCHEDULE_ALARM);
    return;
  }
  if (current?.periodInMinutes !== intervalMinutes) {
    await browser.alarms.create(SCHEDULE_ALARM, { periodInMinutes: intervalMinutes, delayInMinutes: intervalMinutes });
  }
}

export function onAlarm(alarm: Browser.alarms.Alarm): void {
  if (alarm.name === SCHEDULE_ALARM) void runScheduledSnapshots();
}

/** The alarm's work; exported so that e2e tests can run it without waiting for an alarm. */
export async function runScheduledSnapshots(): Promise<ScheduledRun[]> {
  const settings = await loadStoreSettings();
  if (!settings.scheduled.enabled) return [];
  const tabs = await browser.tabs.query({ url: [...consoleMatches(), ...(await loadDomains().catch(() => []))] });
  const byOrigin = new Map<string, number>();
  for (const tab of tabs) {
    const url = tab.url ? new URL(tab.url) : null;
    if (!url || tab.id === undefined || !isIpsPath(url.pathname) || byOrigin.has(url.origin)) continue;
    byOrigin.set(url.origin, tab.id);
  }
  const command: ContentCommand = { ipx: 'content.snapshotNow' };
  return Promise.all(
    [...byOrigin].map(([origin, tabId]) =>
      browser.tabs.sendMessage(tabId, command).then(
        (): ScheduledRun => ({ origin, tabId, ok: true, error: null }),
        (e: unknown): ScheduledRun => ({ origin, tabId, ok: false, error: e instanceof Error ? e.message : String(e) }),
      ),
    ),
  );
}

/** The content scripts' match patterns, as built (the test build adds the loopback simulator); custom domains are added by the caller. */
function consoleMatches(): string[] {
  return [...new Set((browser.runtime.getManifest().content_scripts ?? []).flatMap((cs) => cs.matches ?? []))];
}

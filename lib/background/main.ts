import { browser } from 'wxt/browser';
import { handleMessages, type Handlers } from '@/lib/messaging';
import { createImportHandlers } from './import.ts';
import type { MessageName, Reply } from '@/lib/messaging/protocol';
import { exportStore, importStore } from '@/lib/snapshots/backup';
import { StoreError } from '@/lib/snapshots/errors';
import { syncDomains } from '@/lib/options/domains';
import { abortNextWriteAfter } from '@/lib/snapshots/faults';
import { ingestExport } from '@/lib/snapshots/ingest';
import { takePreImage } from '@/lib/snapshots/pre-image';
import * as parse from '@/lib/snapshots/requests';
import { onAlarm, runScheduledSnapshots, syncScheduleAlarm } from '@/lib/snapshots/schedule';
import { loadStoreSettings, saveStoreSettings } from '@/lib/snapshots/settings';
import { deleteSnapshots, getSnapshot, getSnapshotRecords, listSnapshots, listTenants, retainAll, storageInfo, updateSnapshot } from '@/lib/snapshots/store';

/** The background worker: the only place that touches IndexedDB. */
export function startBackground(): void {
  const handlers = createHandlers(browser.runtime.getManifest().version);
  handleMessages(handlers);
  // Registered synchronously so that an alarm wakes the worker into a listener.
  browser.alarms.onAlarm.addListener(onAlarm);
  // Custom console domains are registered content scripts: registered again after an install or update.
  browser.runtime.onInstalled.addListener(() => void syncDomains().catch(() => undefined));
  void loadStoreSettings().then(syncScheduleAlarm).catch(() => undefined);
  if ((import.meta.env as { MODE?: string }).MODE === 'test') installTestHook(handlers);
}

/** Every handler is async, so that a refused payload becomes an error reply, never a thrown listener. */
export function createHandlers(version: string): Handlers {
  const context = async () => ({ extensionVersion: version, retention: (await loadStoreSettings()).retention });
  return {
    ...createImportHandlers(context),
    'export.ingest': async (payload, sender) => {
      const req = parse.parseIngest(payload);
      ownTenant(sender, req.origin);
      return ingestExport(req, await context());
    },
    'snapshots.preImage': async (payload, sender) => {
      const req = parse.parsePreImage(payload);
      ownTenant(sender, req.origin);
      return takePreImage(req, await context());
    },
    'snapshots.list': async (payload) => listSnapshots(parse.parseList(payload)),
    'snapshots.tenants': async () => listTenants(),
    'snapshots.get': async (payload) => getSnapshot(parse.parseId(payload).id),
    'snapshots.records': async (payload) => {
      const { id, ...options } = parse.parseRecords(payload);
      return getSnapshotRecords(id, options);
    },
    'snapshots.update': async (payload) => {
      const { id, ...patch } = parse.parseUpdate(payload);
      return updateSnapshot(id, patch);
    },
    'snapshots.delete': async (payload) => deleteSnapshots(parse.parseDelete(payload).ids),
    'snapshots.storage': async () => ({
      ...(await storageInfo()),
      unlimitedStorage: (browser.runtime.getManifest().permissions ?? []).includes('unlimitedStorage'),
    }),
    'settings.get': async () => loadStoreSettings(),
    'settings.set': async (payload) => {
      const before = await loadStoreSettings();
      const next = await saveStoreSettings(parse.parseSettings(payload));
      await syncScheduleAlarm(next);
      if (next.retention < before.retention) await retainAll(next.retention);
      return next;
    },
    'store.export': async (_payload, sender) => {
      extensionPageOnly(sender);
      return exportStore(version);
    },
    'store.import': async (payload, sender) => {
      extensionPageOnly(sender);
      return importStore((payload as { backup?: unknown } | null)?.backup, { retention: (await loadStoreSettings()).retention });
    },
  };
}

/** Backups hold every tenant's snapshots: only the extension's own pages (options, popup) handle them. */
function extensionPageOnly(sender: { url?: string }): void {
  if (sender.url && !sender.url.startsWith(browser.runtime.getURL('/'))) {
    throw new StoreError("Backups are made and restored on the extension's options page only.", 'BAD_REQUEST');
  }
}

/** A console page may store snapshots of its own tenant only; the popup and options pages of any. */
function ownTenant(sender: { url?: string; tabId?: number }, origin: string): void {
  if (sender.tabId === undefined || !sender.url) return;
  if (new URL(sender.url).origin !== origin) {
    throw new StoreError('A console page can only store snapshots of its own tenant.', 'BAD_REQUEST');
  }
}

/**
 * Test build only (`wxt build --mode test`; the production bundle has no trace of it): lets e2e tests
 * and the benchmark call the handlers from `worker.evaluate`, arm the write fault and run the alarm.
 */
function installTestHook(handlers: Handlers): void {
  const call = async (name: MessageName, payload: unknown): Promise<Reply<unknown>> => {
    const handler = handlers[name] as (p: unknown, s: { url?: string; tabId?: number }) => Promise<unknown>;
    try {
      return { ok: true, value: await handler(payload, {}) };
    } catch (e) {
      return { ok: false, error: { code: (e as { code?: string }).code ?? 'ERROR', message: e instanceof Error ? e.message : String(e) } };
    }
  };
  (globalThis as Record<string, unknown>).__ipxTest = { call, abortNextWriteAfter, runScheduledSnapshots };
}

import { browser } from 'wxt/browser';
import { consoleUrl } from '@/lib/console/pages';
import type { RestoreRequest } from '@/lib/import/messages';
import { send } from '@/lib/messaging';
import type { SnapshotDetail, SnapshotRecords, SnapshotSummary, StorageInfo, TenantSummary } from '@/lib/messaging/protocol';
import { downloadSnapshot } from './download.ts';
import { consoleTabs, findConsoleTab, snapshotLive, startRestore, type ConsoleTab, type LiveResult } from './live.ts';

export type { ConsoleTab };

/**
 * Everything the popup asks of the extension, in one interface: the views take it as a prop, so
 * component tests hand in a fake and the popup page hands in this one (background messages).
 */
export interface PopupApi {
  tenants(): Promise<TenantSummary[]>;
  list(origin: string, offset: number, limit: number): Promise<{ total: number; items: SnapshotSummary[] }>;
  get(id: number): Promise<SnapshotDetail>;
  /** For viewing and comparing: a damaged snapshot's intact records too. */
  records(id: number, systems: string[] | undefined): Promise<SnapshotRecords>;
  update(id: number, patch: { pinned?: boolean; label?: string | null }): Promise<SnapshotSummary>;
  remove(id: number): Promise<void>;
  storage(): Promise<StorageInfo>;
  /** The origin of the console tab the popup was opened on, if any. */
  activeOrigin(): Promise<string | null>;
  findConsoleTab(origin: string): Promise<number | null>;
  /** A snapshot of the live tenant through its console tab (or the newest stored one when nothing changed). */
  snapshotLive(tabId: number): Promise<LiveResult>;
  /** Open console tabs of any tenant, the active one first, then the most recently used. */
  consoleTabs(): Promise<ConsoleTab[]>;
  /** Opens the restore dialog in the console tab and brings it to the front; rejects with the reason it could not. */
  startRestore(tabId: number, request: RestoreRequest): Promise<void>;
  /** Opens the tenant's console in a new tab. */
  openConsole(origin: string): void;
  /** Saves the snapshot as a bundle zip; resolves to the file name. */
  download(id: number): Promise<string>;
  openOptions(): void;
  openInTab(hash: string): void;
}

export function messagingApi(): PopupApi {
  return {
    tenants: () => send('snapshots.tenants', {}),
    list: (origin, offset, limit) => send('snapshots.list', { origin, offset, limit }),
    get: (id) => send('snapshots.get', { id }),
    records: (id, systems) => send('snapshots.records', { id, allowDamaged: true, ...(systems ? { systems } : {}) }),
    update: (id, patch) => send('snapshots.update', { id, ...patch }),
    remove: async (id) => void (await send('snapshots.delete', { ids: [id] })),
    storage: () => send('snapshots.storage', {}),
    activeOrigin: async () => {
      const [tab] = await browser.tabs.query({ active: true, currentWindow: true }).catch(() => []);
      return tab?.url && /^https?:/.test(tab.url) ? new URL(tab.url).origin : null;
    },
    findConsoleTab,
    snapshotLive,
    consoleTabs,
    startRestore,
    openConsole: (origin) => void browser.tabs.create({ url: consoleUrl(origin) }),
    // Downloads never use allowDamaged: the background refuses a damaged snapshot's records.
    download: (id) => downloadSnapshot(id, { get: (i) => send('snapshots.get', { id: i }), records: (i) => send('snapshots.records', { id: i }) }),
    openOptions: () => void browser.runtime.openOptionsPage(),
    openInTab: (hash) => void browser.tabs.create({ url: `${browser.runtime.getURL('/popup.html')}${hash}` }),
  };
}

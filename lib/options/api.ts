import { browser } from 'wxt/browser';
import { send } from '@/lib/messaging';
import type { StorageInfo, StoreSettings } from '@/lib/messaging/protocol';
import type { StoreBackup, StoreImportResult } from '@/lib/snapshots/backup';
import { addDomain, grantedDomains, loadDomains, removeDomain, syncDomains } from './domains.ts';
import { loadTheme, saveTheme, type ThemeChoice } from './theme.ts';

/** Everything the options page asks of the browser and the background; component tests hand in a fake. */
export interface OptionsApi {
  settings(): Promise<StoreSettings>;
  saveSettings(patch: { retention?: number; scheduled?: Partial<StoreSettings['scheduled']> }): Promise<StoreSettings>;
  storage(): Promise<StorageInfo>;
  /** navigator.storage.persist() of the extension's origin (a page can ask; the worker cannot). */
  persist(): Promise<boolean>;
  theme(): Promise<ThemeChoice>;
  saveTheme(choice: ThemeChoice): Promise<void>;
  domains(): Promise<Array<{ pattern: string; granted: boolean }>>;
  /** Must be the first thing a click handler awaits: the browser asks only during a user gesture. */
  requestHost(pattern: string): Promise<boolean>;
  addDomain(pattern: string): Promise<void>;
  removeDomain(pattern: string): Promise<void>;
  exportStore(): Promise<StoreBackup>;
  importStore(backup: unknown): Promise<StoreImportResult>;
}

export function browserOptionsApi(): OptionsApi {
  return {
    settings: () => send('settings.get', {}),
    saveSettings: (patch) => send('settings.set', patch),
    storage: async () => {
      const info = await send('snapshots.storage', {});
      // The page's own answer is authoritative (the worker has no persist()/persisted() of its own in some browsers).
      const persisted = await navigator.storage?.persisted?.().catch(() => null);
      return { ...info, persisted: persisted ?? info.persisted };
    },
    persist: async () => (await navigator.storage?.persist?.()) ?? false,
    theme: loadTheme,
    saveTheme,
    domains: async () => {
      const list = await loadDomains();
      await syncDomains(list).catch(() => undefined);
      const granted = await grantedDomains(list);
      return list.map((pattern) => ({ pattern, granted: granted.get(pattern) ?? false }));
    },
    requestHost: (pattern) => browser.permissions.request({ origins: [pattern] }),
    addDomain: async (pattern) => void (await addDomain(pattern)),
    removeDomain: async (pattern) => void (await removeDomain(pattern)),
    exportStore: () => send('store.export', {}),
    importStore: (backup) => send('store.import', { backup }),
  };
}

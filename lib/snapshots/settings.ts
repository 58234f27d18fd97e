import { browser } from 'wxt/browser';
import type { StoreSettings } from '@/lib/messaging/protocol';
import { StoreError } from './errors.ts';

/** The store's settings (retention, scheduled snapshots), in extension storage next to lib/settings.ts. */
export const DEFAULT_STORE_SETTINGS: StoreSettings = { retention: 50, scheduled: { enabled: false, intervalMinutes: 60 } };
export const RETENTION_LIMITS = { min: 1, max: 1000 } as const;
/** Chrome fires alarms at most every 30 s; a week is the longest useful period. */
export const INTERVAL_LIMITS = { min: 1, max: 7 * 24 * 60 } as const;
const KEY = 'storeSettings';

export async function loadStoreSettings(): Promise<StoreSettings> {
  const stored = (await browser.storage.local.get(KEY).catch(() => ({}))) as Record<string, Partial<StoreSettings> | undefined>;
  return merge(DEFAULT_STORE_SETTINGS, stored[KEY] ?? {}, false);
}

/** Validates and stores a change; an invalid value is refused with what is allowed. */
export async function saveStoreSettings(patch: { retention?: unknown; scheduled?: unknown }): Promise<StoreSettings> {
  const next = merge(await loadStoreSettings(), patch as Partial<StoreSettings>, true);
  await browser.storage.local.set({ [KEY]: next });
  return next;
}

function merge(base: StoreSettings, patch: Partial<StoreSettings>, strict: boolean): StoreSettings {
  const s = (patch.scheduled ?? {}) as Partial<StoreSettings['scheduled']>;
  return {
    retention: pickInt(patch.retention, base.retention, RETENTION_LIMITS, 'retention', strict),
    scheduled: {
      enabled: pickBool(s.enabled, base.scheduled.enabled, 'scheduled.enabled', strict),
      intervalMinutes: pickInt(s.intervalMinutes, base.scheduled.intervalMinutes, INTERVAL_LIMITS, 'scheduled.intervalMinutes', strict),
    },
  };
}

function pickInt(v: unknown, fallback: number, limits: { min: number; max: number }, name: string, strict: boolean): number {
  if (v === undefined) return fallback;
  if (Number.isInteger(v) && (v as number) >= limits.min && (v as number) <= limits.max) return v as number;
  if (strict) throw new StoreError(`Setting ${name} must be a whole number from ${limits.min} to ${limits.max}.`, 'BAD_REQUEST');
  return fallback;
}

function pickBool(v: unknown, fallback: boolean, name: string, strict: boolean): boolean {
  if (v === undefined) return fallback;
  if (typeof v === 'boolean') return v;
  if (strict) throw new StoreError(`Setting ${name} must be true or false.`, 'BAD_REQUEST');
  return fallback;
}

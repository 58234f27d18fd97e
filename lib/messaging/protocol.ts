import type { SystemFile, SystemKind } from '@/lib/model/system';
import type { ValidationIssue } from '@/lib/schema/validate';
import type { ImportProtocol } from '@/lib/import/messages';
import type { StoreBackup, StoreImportResult } from '@/lib/snapshots/backup';

/**
 * The one message protocol between content script, popup and background: message name → request →
 * result. Messages carry records and text, never zip bytes and never secret values.
 */
/** 'selection': an export of chosen systems (holds only those, like 'pre-write'). */
export type SnapshotTrigger = 'export' | 'selection' | 'manual' | 'pre-write' | 'scheduled' | 'import';

/** Snapshots that hold only some systems of their kinds: compared only on what they hold. */
export const isPartialTrigger = (trigger: SnapshotTrigger): boolean => trigger === 'pre-write' || trigger === 'selection';

/** One exported system as the content script hands it over (secrets already dropped). */
export interface IngestFile {
  kind: SystemKind;
  /** The id the console listed the system under (a template may come without one). */
  id: string;
  name: string;
  /** The file text exactly as it goes into the bundle (UTF-8, a BOM kept as U+FEFF). */
  text: string;
}

export interface IngestFailure {
  kind: SystemKind;
  id: string;
  name: string;
  reason: string;
}

export interface IngestRequest {
  origin: string;
  trigger: SnapshotTrigger;
  kinds: SystemKind[];
  files: IngestFile[];
  failed: IngestFailure[];
  /** False for "Snapshot now"-style calls that only want validation and hashes. */
  store: boolean;
  /**
   * Keep no new snapshot when the tenant is identical to its newest stored snapshot of the same scope
   * (same systems, same hashes, none failed): that snapshot's id is answered with `reused: true`.
   * Honoured for the triggers 'manual' (compare with live) and 'scheduled' only; an export always stores.
   */
  skipIfUnchanged?: boolean;
}

export type IngestEntry =
  | { status: 'ok'; kind: SystemKind; id: string; name: string; connectorTypeString: string; fileSha256: string; contentHash: string }
  | { status: 'failed'; kind: SystemKind; id: string; name: string; reason: string };

export interface IngestResult {
  entries: IngestEntry[];
  tenantId: string | null;
  /** Set when the snapshot was stored, or (with `reused`) the stored snapshot the tenant is identical to. */
  snapshotId: number | null;
  /** True when no new snapshot was kept because the tenant is identical to snapshot `snapshotId` (`skipIfUnchanged`). */
  reused: boolean;
  /** Why the snapshot could not be stored (the bundle can still be downloaded). */
  storeError: string | null;
  invalid: Array<{ name: string; issues: ValidationIssue[] }>;
}

export interface SnapshotSummary {
  id: number;
  origin: string;
  tenantId: string | null;
  createdAt: string;
  trigger: SnapshotTrigger;
  kinds: SystemKind[];
  systemCount: number;
  failedCount: number;
  pinned: boolean;
  label: string | null;
  note: string | null;
  /** UTF-8 bytes of the snapshot's records in canonical form (shared records counted in each snapshot). */
  size: number;
  /** Set once a read found the snapshot damaged; such a snapshot is never used to restore. */
  damaged: boolean;
  damage: string[];
}

/** One system of a snapshot: its full record is addressed by `recordHash`. */
export type SnapshotSystem =
  | { status: 'ok'; kind: SystemKind; id: string; name: string; connectorTypeString: string; contentHash: string; recordHash: string }
  | { status: 'failed'; kind: SystemKind; id: string; name: string; reason: string };

export interface SnapshotIntegrity {
  damaged: boolean;
  /** Admin-facing sentences, e.g. which record no longer matches its hash. */
  problems: string[];
}

export interface SnapshotDetail {
  snapshot: SnapshotSummary;
  systems: SnapshotSystem[];
  integrity: SnapshotIntegrity;
}

export interface SnapshotRecord {
  system: Extract<SnapshotSystem, { status: 'ok' }>;
  /** Null only when viewing a damaged snapshot (`allowDamaged`) and this record is the damaged one. */
  record: SystemFile | null;
  problem: string | null;
}

export interface SnapshotRecords {
  snapshot: SnapshotSummary;
  integrity: SnapshotIntegrity;
  records: SnapshotRecord[];
}

export interface TenantSummary {
  origin: string;
  tenantId: string | null;
  count: number;
  lastCreatedAt: string;
}

export interface StorageInfo {
  /** navigator.storage.estimate() for the extension's origin; null where the browser has none. */
  usage: number | null;
  quota: number | null;
  /** navigator.storage.persisted(); `unlimitedStorage` is what keeps the data in MV3. */
  persisted: boolean | null;
  unlimitedStorage: boolean;
  snapshots: number;
  records: number;
  /** UTF-8 bytes of the distinct stored records (each once). */
  recordBytes: number;
}

export interface StoreSettings {
  /** Newest snapshots kept per tenant, besides pinned and labelled ones. */
  retention: number;
  /** Snapshots while a console tab of the tenant is open; off by default. */
  scheduled: { enabled: boolean; intervalMinutes: number };
}

export interface ScheduledRun {
  origin: string;
  tabId: number;
  ok: boolean;
  error: string | null;
}

/** Background → content script (browser.tabs.sendMessage); the content script takes a snapshot. */
export interface ContentCommand {
  ipx: 'content.snapshotNow';
}

/** The import messages are listed in lib/import/messages.ts (`ImportProtocol`). */
export interface ProtocolMap extends ImportProtocol {
  'export.ingest': { request: IngestRequest; result: IngestResult };
  'snapshots.list': { request: { origin?: string; offset?: number; limit?: number }; result: { total: number; items: SnapshotSummary[] } };
  'snapshots.tenants': { request: Record<string, never>; result: TenantSummary[] };
  'snapshots.get': { request: { id: number }; result: SnapshotDetail };
  /** Refuses a damaged snapshot unless `allowDamaged` (for viewing only, never for restoring). */
  'snapshots.records': { request: { id: number; systems?: string[]; allowDamaged?: boolean }; result: SnapshotRecords };
  /** Before the extension writes to systems (import, restore): their current state, trigger 'pre-write'. */
  'snapshots.preImage': { request: { origin: string; records: SystemFile[]; note?: string }; result: { snapshotId: number; warnings: string[] } };
  'snapshots.update': { request: { id: number; pinned?: boolean; label?: string | null; note?: string | null }; result: SnapshotSummary };
  'snapshots.delete': { request: { ids: number[] }; result: { deleted: number[]; collected: number } };
  'snapshots.storage': { request: Record<string, never>; result: StorageInfo };
  'settings.get': { request: Record<string, never>; result: StoreSettings };
  'settings.set': { request: { retention?: number; scheduled?: Partial<StoreSettings['scheduled']> }; result: StoreSettings };
  /** The whole store as one backup (lib/snapshots/backup.ts); damaged snapshots are left out and listed. */
  'store.export': { request: Record<string, never>; result: StoreBackup };
  /** Validated, then merged without duplicates; refused as a whole when anything fails (or holds a secret). */
  'store.import': { request: { backup: unknown }; result: StoreImportResult };
}

export type MessageName = keyof ProtocolMap;
export type RequestOf<K extends MessageName> = ProtocolMap[K]['request'];
export type ResultOf<K extends MessageName> = ProtocolMap[K]['result'];

export interface Envelope<K extends MessageName = MessageName> {
  ipx: K;
  payload: RequestOf<K>;
}

export type Reply<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

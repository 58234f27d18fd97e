import type { SystemKind } from '@/lib/model/system';
import type { ValidationIssue } from '@/lib/schema/validate';

/**
 * The one message protocol between content script, popup and background: message name → request →
 * result. Messages carry records and text, never zip bytes and never secret values.
 */
export type SnapshotTrigger = 'export' | 'manual' | 'pre-write' | 'scheduled' | 'import';

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
}

export type IngestEntry =
  | { status: 'ok'; kind: SystemKind; id: string; name: string; connectorTypeString: string; fileSha256: string; contentHash: string }
  | { status: 'failed'; kind: SystemKind; id: string; name: string; reason: string };

export interface IngestResult {
  entries: IngestEntry[];
  tenantId: string | null;
  /** Set when the snapshot was stored. */
  snapshotId: number | null;
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
  systemCount: number;
  failedCount: number;
}

export interface ProtocolMap {
  'export.ingest': { request: IngestRequest; result: IngestResult };
  'snapshots.list': { request: { origin?: string }; result: SnapshotSummary[] };
}

export type MessageName = keyof ProtocolMap;
export type RequestOf<K extends MessageName> = ProtocolMap[K]['request'];
export type ResultOf<K extends MessageName> = ProtocolMap[K]['result'];

export interface Envelope<K extends MessageName = MessageName> {
  ipx: K;
  payload: RequestOf<K>;
}

export type Reply<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

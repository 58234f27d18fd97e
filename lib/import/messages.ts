/**
 * What content script and background exchange about an import (lib/messaging/protocol.ts lists the
 * messages). Plain JSON without secrets: typed credential values live only in the dialog's memory and
 * in the write request to the console.
 */
import type { Hunk, SideBySideRow } from '../diff/text.ts';
import type { DiffTotals, SystemDiff, SystemStatus } from '../diff/types.ts';
import type { AccessMode, SystemFile, SystemKind } from '../model/system.ts';
import type { ImportInput } from './input.ts';
import type { Decision, ImportAction, InvalidFile, PlanItem, ReadResult } from './types.ts';

/** The systems the import may write: the page's kind, or every kind the files hold. */
export type ImportScope = SystemKind | 'all';

export interface ReadItemView {
  key: string;
  file: string;
  path?: string;
  kind: SystemKind;
  name: string;
  /** The id in the file (a template has none). */
  id: string | null;
}

/** Restore only one part of one system; the rest of the live system stays as it is. */
export type RestorePart = 'properties' | 'transformation';

/**
 * What the popup asks a console tab to restore (`content.restore`, then `import.restore`): a whole
 * snapshot, chosen systems (`systems`: their ids in the snapshot), or one part of one system. A snapshot
 * of another tenant is refused unless `crossTenant` says the admin confirmed it by naming both tenants.
 */
export interface RestoreRequest {
  snapshotId: number;
  systems?: string[];
  part?: RestorePart;
  crossTenant?: boolean;
}

/** The restore a plan comes from, as the dialog shows it. */
export interface RestoreView {
  snapshotId: number;
  /** The tenant the snapshot was taken of. */
  snapshotOrigin: string;
  createdAt: string;
  label: string | null;
  part: RestorePart | null;
  /** The whole snapshot: live systems of these kinds that it does not hold are offered for deletion. */
  deleteKinds: SystemKind[];
  /** Systems the snapshot failed to export: they are never offered for deletion. */
  keepNames: string[];
}

export interface ReadView {
  items: ReadItemView[];
  invalid: InvalidFile[];
  notes: string[];
  duplicates: ReadResult['duplicates'];
  bundles: Array<{ file: string; origin: string; tenantId: string | null; createdAt: string }>;
  /** Set when the items come from a snapshot (restore), not from files. */
  restore?: RestoreView;
}

/** A live system as the content script lists it; `record` only for those an item may match. */
export interface LiveSystemInput {
  id: string;
  name: string;
  accessMode: AccessMode;
  systemManagementType?: string | null;
  record?: SystemFile;
}

export interface LiveInput {
  tenantId: string | null;
  systems: LiveSystemInput[];
}

/** One plan row: the plan item without its record, plus its diff totals against the live system. */
export type PlanItemView = Omit<PlanItem, 'record'> & {
  /** Credential names of the file (values never). */
  credentialNames: string[];
  diffStatus: SystemStatus;
  summary: string;
  totals: DiffTotals;
};

export interface PlanView {
  origin: string;
  scope: ImportScope;
  items: PlanItemView[];
  blocked: boolean;
  counts: Record<ImportAction, number>;
  /** Summed over the items that will be written. */
  totals: DiffTotals;
  read: ReadView;
  /** Set when the plan restores a snapshot. */
  restore: RestoreView | null;
}

export interface ItemDiffView {
  key: string;
  /** What the file is compared with: the matched live system, or nothing (a new system). */
  against: { id: string; name: string } | null;
  diff: SystemDiff;
  hunks: Hunk[];
  /** Per hunk: the side-by-side rows. */
  sideBySide: SideBySideRow[][];
}

/** One write as the apply loop runs it; its body has `null` for every credential value. */
export interface ApplyStep {
  key: string;
  kind: SystemKind;
  name: string;
  /** DELETE: a system created since the snapshot, ticked for deletion by the admin (restore only). */
  method: 'POST' | 'PUT' | 'DELETE';
  systemId?: string;
  body: SystemFile;
  credentialNames: string[];
  changeDescription?: string;
  /** PUT, DELETE: the live system's content hash the preview saw; another value means "changed since preview". */
  expectHash?: string;
}

export type WriteOutcome =
  | { status: 'created' | 'updated'; id: string; contentHash: string; warnings: string[] }
  | { status: 'deleted'; id: string }
  | { status: 'skipped' | 'failed'; reason: string };

export interface UndoStep {
  key: string;
  kind: SystemKind;
  name: string;
  /** POST: create a system the apply deleted again, from the pre-image (its credentials typed anew). */
  method: 'PUT' | 'DELETE' | 'POST';
  systemId: string;
  /** PUT, POST: the pre-image record. */
  body?: SystemFile;
  changeDescription?: string;
  /** Credentials the console wants again (the import changed the URL). */
  credentialNames: string[];
  /** The content hash the import left; another value means the system changed since the import (POST: unused). */
  expectHash: string;
}

export type UndoOutcome = { status: 'restored' | 'deleted' | 'recreated' } | { status: 'skipped' | 'failed'; reason: string };

export type SessionStatus = 'planned' | 'applying' | 'applied' | 'undoing' | 'undone';

export interface SessionView {
  origin: string;
  status: SessionStatus;
  plan: PlanView;
  /** From `applying` on: the writes in order and what happened to each so far. */
  steps: ApplyStep[];
  outcomes: Record<string, WriteOutcome>;
  snapshotId: number | null;
  /** The snapshot kept just before the undo: the state the undo changed (null before an undo, or when it touched nothing that exists). */
  undoSnapshotId: number | null;
  snapshotWarnings: string[];
  undoSteps: UndoStep[];
  undoOutcomes: Record<string, UndoOutcome>;
  /** When applied: the credentials an undo would need (the import changed the URL of these systems). */
  undoCredentials: Array<{ key: string; systemName: string; name: string }>;
  updatedAt: string;
}

export interface ImportProtocol {
  /** Validates and hashes the files; starts a new session for the tenant (refused while one is applying). */
  'import.read': { request: { origin: string; inputs: ImportInput[] }; result: ReadView };
  /**
   * Starts a restore: the snapshot's records (all, chosen, or one part of one) become the items of a new
   * session, as a read of files would. Refused for a damaged snapshot, and for another tenant's snapshot
   * unless `crossTenant`.
   */
  'import.restore': { request: { origin: string } & RestoreRequest; result: ReadView };
  /** Plans the read items against the live tenant (`live` omitted: the one of the last plan). */
  'import.plan': { request: { origin: string; scope: ImportScope; live?: LiveInput }; result: PlanView };
  'import.decide': { request: { origin: string; decisions: Record<string, Decision> }; result: PlanView };
  'import.diff': { request: { origin: string; key: string; showVolatile: boolean }; result: ItemDiffView };
  /** Takes the pre-image snapshot and fixes the writes; again on resume (no second snapshot). */
  /** `resume`: continue an interrupted apply only; refused unless one is in progress (a stale tab never starts a new plan). */
  'import.start': { request: { origin: string; resume?: boolean }; result: SessionView };
  /** Recorded before the next write starts, so a resume never repeats a completed write. */
  'import.progress': { request: { origin: string; key: string; outcome: WriteOutcome }; result: { status: SessionStatus } };
  /**
   * Starts the undo. `records`: the current state, read from the console just before, of the systems the
   * apply created or updated; kept as a snapshot first (nothing is undone if it can't be kept).
   */
  'import.undo': { request: { origin: string; records: SystemFile[]; resume?: boolean }; result: SessionView };
  'import.undoProgress': { request: { origin: string; key: string; outcome: UndoOutcome }; result: { status: SessionStatus } };
  'import.session': { request: { origin: string }; result: SessionView | null };
  'import.discard': { request: { origin: string }; result: null };
}

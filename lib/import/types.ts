/**
 * Types of "Import with diff": read (files → items) → plan (pure, no writes) → decisions (UI) → writes
 * (the adapter adds typed secrets at the last moment). Everything here is plain JSON, so a pending plan
 * and its decisions can be kept by the background and resumed; secrets never appear in any of it.
 */
import type { BundleManifest } from '../model/bundle.ts';
import type { AccessMode, SystemFile, SystemKind } from '../model/system.ts';
import type { ValidationIssue } from '../schema/validate.ts';

/**
 * `ok`: the bytes match the bundle manifest's `fileSha256`; `unchecked`: a single file or a zip without
 * manifest (nothing to check against); `mismatch`: the bytes (or kind/name) differ from the manifest —
 * never imported unless the admin explicitly accepts it.
 */
export type Integrity = 'ok' | 'unchecked' | 'mismatch';

export interface ImportItem {
  /** Unique within one read: `<file>` or `<file>!<path>`. */
  key: string;
  /** Name of the file the admin chose. */
  file: string;
  /** Path inside the zip. */
  path?: string;
  record: SystemFile;
  /** The file text (BOM removed). */
  text: string;
  kind: SystemKind;
  name: string;
  contentHash: string;
  /** Set when the item came from one of our bundles with a valid manifest. */
  bundle?: { origin: string; tenantId: string | null; createdAt: string };
  integrity: Integrity;
  /** Why the integrity is `mismatch`. */
  integrityDetail?: string;
}

export type InvalidCode =
  | 'invalid-file'
  | 'too-large'
  | 'bad-zip'
  | 'unsafe-path'
  | 'manifest-invalid'
  | 'missing-in-zip'
  | 'not-in-manifest'
  | 'export-failed';

export interface InvalidFile {
  file: string;
  path?: string;
  code: InvalidCode;
  reason: string;
  issues?: ValidationIssue[];
}

export interface ReadResult {
  items: ImportItem[];
  invalid: InvalidFile[];
  bundles: Array<{ file: string; manifest: BundleManifest }>;
  /** Systems that occur more than once (same kind and name) across all inputs, with the item keys. */
  duplicates: Array<{ kind: SystemKind; name: string; keys: string[] }>;
  /** Things the admin should know that are not errors (e.g. a zip without manifest was read unchecked). */
  notes: string[];
}

/** One live system of the tenant: its list summary fields, the full record and its content hash. */
export interface LiveSystem {
  id: string;
  name: string;
  accessMode: AccessMode;
  systemManagementType?: string | null;
  record: SystemFile;
  contentHash: string;
}

export interface LiveTenant {
  origin: string;
  tenantId: string | null;
  systems: LiveSystem[];
}

/** `delete`: only for a live system a whole-snapshot restore does not hold (never proposed, only ticked). */
export type ImportAction = 'create' | 'update' | 'copy' | 'skip' | 'delete';

export type ProblemCode =
  | 'wrong-page'
  | 'kind-mismatch'
  | 'type-mismatch'
  | 'name-rule'
  | 'name-taken'
  | 'name-clash'
  | 'limit'
  | 'integrity'
  | 'duplicate'
  | 'action-unavailable'
  | 'change-description'
  | 'missing-sources'
  | 'part-unmatched'
  | 'linked-source';

/** `error` blocks the chosen action; `warning` is shown and the admin may go on. */
export interface Problem {
  code: ProblemCode;
  level: 'error' | 'warning';
  message: string;
  /** missing-sources: the missing source names that this import holds and could create first. */
  offerSources?: string[];
}

export interface PlanMatch {
  id: string;
  name: string;
  by: 'id' | 'name';
  contentHash: string;
  /** Server-owned fields of the live record, kept as they are by an update. */
  tenantId?: string | null;
  fromImport?: boolean | null;
}

export interface PlanItem {
  key: string;
  file: string;
  path?: string;
  kind: SystemKind;
  /** The name in the file. */
  name: string;
  contentHash: string;
  integrity: Integrity;
  fromThisTenant: boolean;
  /** A live system the restored snapshot does not hold (created since): it may only be deleted or kept. */
  onlyInTenant: boolean;
  /** A partial restore (properties or transformation only) whose system is no longer in the tenant. */
  partUnmatched?: boolean;
  match: PlanMatch | null;
  /** Same (kind, content) as the matched live system. */
  identical: boolean;
  /** Matched by id under another name: an update renames the live system. */
  renames: boolean;
  urlChanged: boolean;
  transformationChanged: boolean;
  /** Set when the item is refused on this page (the page's kind). */
  wrongPage: SystemKind | null;
  /** A live system of another kind has this name: create/update are impossible. */
  kindClash: { kind: SystemKind; name: string } | null;
  /** The matched live system has another connector type, which can't change: no update. */
  typeChange: { live: string; file: string } | null;
  /** Identical (same kind, name and content) to this earlier item: proposed skip. */
  duplicateOf: string | null;
  /** Credentials an update needs: all on a URL change, else the ones the live system doesn't have yet. */
  updateCredentials: string[];
  /** For a bundle item with integrity `mismatch`. */
  integrityDetail?: string;
  available: ImportAction[];
  proposed: ImportAction;
  action: ImportAction;
  /** Suggested name for "create as renamed copy". */
  suggestedCopyName: string;
  copyName: string;
  /** The name the system has after the action (copyName for a copy). */
  finalName: string;
  /** Credentials the admin must type for the chosen action; empty = stored secrets are kept. */
  credentialsNeeded: string[];
  changeDescriptionNeeded: boolean;
  changeDescription: string;
  acceptIntegrityMismatch: boolean;
  problems: Problem[];
  /** The record to write (from the file); never holds a secret. */
  record: SystemFile;
}

/** What the planner needs to re-validate after decisions, without the full live records. */
export interface PlanContext {
  origin: string;
  liveNames: Array<{ id: string; name: string; kind: SystemKind }>;
  customerManaged: Record<SystemKind, number>;
  /** ISO date (yyyy-mm-dd) used in prefilled change descriptions. */
  date: string;
}

export interface ImportPlan {
  /** In apply order: sources, then targets, then proxies. */
  items: PlanItem[];
  context: PlanContext;
  /** True when any item has an error problem: nothing may be applied. */
  blocked: boolean;
}

export interface Decision {
  action: ImportAction;
  copyName?: string;
  changeDescription?: string;
  /** Required to import an item whose bytes don't match its bundle manifest. */
  acceptIntegrityMismatch?: boolean;
}

export interface PlannedWrite {
  key: string;
  kind: SystemKind;
  method: 'POST' | 'PUT' | 'DELETE';
  /** The live id (PUT, DELETE). */
  systemId?: string;
  body: SystemFile;
  /** The apply step asks for these values and puts them into `body.encryptedProperties`. */
  credentialNames: string[];
  changeDescription?: string;
}

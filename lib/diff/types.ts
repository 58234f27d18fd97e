/**
 * The typed change list the diff core returns (house-style "Pure cores, thin views"): components render
 * it, nothing here knows how. Identity and comparison follow console-contract.md §6.
 */
import type { Mapping, SystemKind } from '../model/system.ts';

export type Change = 'added' | 'removed' | 'changed';
export type SystemStatus = Change | 'unchanged';

export interface DiffOptions {
  /** Show changes of the volatile fields (`id`, `tenantId`, `fromImport`, `*Changed`); hidden by default. */
  showVolatile?: boolean;
}

/** One JSON value that differs; `before`/`after` are absent on the side that has no value. */
export interface FieldChange {
  field: string;
  change: Change;
  before?: unknown;
  after?: unknown;
  /** Set only on volatile fields, which appear only with `showVolatile`. */
  volatile?: true;
}

export interface PropertyChange {
  name: string;
  change: Change;
  before?: unknown;
  after?: unknown;
}

/** Credential properties by name only: values are secrets and never enter a diff. */
export interface CredentialChanges {
  added: string[];
  removed: string[];
}

export type TransformationField = 'transformation' | 'readTransformation' | 'writeTransformation';

/**
 * Contract §6 match key: `targetPath ?? targetVariable ?? sourcePath` (null when none, e.g. a mapping
 * with only `correlationAttribute`), `scope`, and the occurrence index among mappings with equal
 * (path, scope) on the same side.
 */
export interface MappingKey {
  path: string | null;
  scope: string | null;
  occurrence: number;
}

export type MappingChangeKind = Change | 'moved';

export interface MappingChange {
  /** 'changed' may also have `moved: true`; 'moved' means the same content at a new relative position. */
  change: MappingChangeKind;
  key: MappingKey;
  /** Index in the left / right `mappings` array. */
  leftIndex?: number;
  rightIndex?: number;
  before?: Mapping;
  after?: Mapping;
  moved: boolean;
  /** Keys of the mapping that differ ('changed' only); `functions`, `valueMappings` compared as whole values. */
  fields: FieldChange[];
}

export interface TransformationDiff {
  field: TransformationField;
  entity: string;
  entityStatus: Change;
  /** `condition`, `ignore`, `skipOperations`, `scimEntityEndpoint` and any unknown entity key. */
  keyChanges: FieldChange[];
  mappings: MappingChange[];
}

export interface DiffTotals {
  metadata: number;
  properties: number;
  credentials: number;
  mappings: number;
  /** Entity key changes and unknown top-level keys. */
  other: number;
  total: number;
}

export interface SystemDiff {
  kind: SystemKind;
  name: { left: string | null; right: string | null };
  status: SystemStatus;
  metadata: FieldChange[];
  properties: PropertyChange[];
  credentials: CredentialChanges;
  /** Only entities with at least one change. */
  transformations: TransformationDiff[];
  /** Top-level keys the model does not know (newer consoles), and transformations that are not objects. */
  unknownKeys: FieldChange[];
  totals: DiffTotals;
}

export interface SetTotals {
  added: number;
  removed: number;
  changed: number;
  unchanged: number;
  /** Sum of `totals.total` over 'changed' systems; an added or removed system counts once, as a system. */
  changes: number;
}

export interface SetDiff {
  systems: SystemDiff[];
  totals: SetTotals;
}

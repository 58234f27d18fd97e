/**
 * Structured diff of two system records (console-contract.md §6): metadata, properties, credential
 * names, transformations per entity at mapping level, unknown keys. Either side may be a live system, an
 * imported file or any stored snapshot version. Top-level `null` counts as absent (model/system.ts).
 */
import { kindOfAccessMode, VOLATILE_FIELDS, type AccessMode, type SystemFile, type SystemKind } from '../model/system.ts';
import { fieldChanges, isObject, type JsonObject } from './equal.ts';
import { diffTransformations, TRANSFORMATION_FIELDS } from './transformations.ts';
import type {
  CredentialChanges,
  DiffOptions,
  DiffTotals,
  FieldChange,
  PropertyChange,
  SystemDiff,
  TransformationDiff,
} from './types.ts';

const VOLATILE = new Set<string>(VOLATILE_FIELDS);

/** Top-level scalar and array fields seen in real exports (ips-domain.md §1.2), volatile ones included. */
const METADATA_FIELDS = new Set<string>([
  ...VOLATILE_FIELDS,
  'connectorTypeString',
  'accessMode',
  'destinationName',
  'relatedSystems',
  'gitAllowedExpressions',
  'gitDisallowedExpressions',
  'emailSubscribers',
  'name',
  'alias',
  'tenantId',
  'state',
  'systemManagementType',
  'automaticOutboundCertificateRenew',
  'gitFetchAllowed',
]);

/** Fields with their own section of the diff. */
const STRUCTURED_FIELDS = new Set<string>(['properties', 'encryptedProperties', ...TRANSFORMATION_FIELDS]);

export function diffSystems(left: SystemFile | null, right: SystemFile | null, options: DiffOptions = {}): SystemDiff {
  if (!left && !right) throw new TypeError('diffSystems: both sides are missing; pass at least one system');
  const l: JsonObject = left ?? {};
  const r: JsonObject = right ?? {};
  // One pass over the top-level keys; each change then goes to metadata or unknownKeys.
  const topLevel = fieldChanges(l, r, (key) => !STRUCTURED_FIELDS.has(key), true);
  const metadata = metadataOf(topLevel, options.showVolatile === true);
  const properties = diffProperties(objectAt(l, 'properties'), objectAt(r, 'properties'));
  const credentials = diffCredentials(objectAt(l, 'encryptedProperties'), objectAt(r, 'encryptedProperties'));
  const { transformations, malformed } = diffTransformations(l, r);
  const unknownKeys = [...topLevel.filter((change) => !METADATA_FIELDS.has(change.field)), ...malformed];
  const totals = countTotals(metadata, properties, credentials, transformations, unknownKeys);
  return {
    kind: kindOf(right ?? left!),
    name: { left: left?.name ?? null, right: right?.name ?? null },
    status: !left ? 'added' : !right ? 'removed' : totals.total > 0 ? 'changed' : 'unchanged',
    metadata,
    properties,
    credentials,
    transformations,
    unknownKeys,
    totals,
  };
}

function kindOf(record: SystemFile): SystemKind {
  const kind = kindOfAccessMode(record.accessMode as AccessMode) as SystemKind | undefined;
  if (!kind) throw new TypeError(`diffSystems: system "${record.name}" has unknown accessMode ${JSON.stringify(record.accessMode)}`);
  return kind;
}

function objectAt(record: JsonObject, key: string): JsonObject {
  const value = record[key];
  return isObject(value) ? value : {};
}

function metadataOf(topLevel: FieldChange[], showVolatile: boolean): FieldChange[] {
  const shown = topLevel.filter(({ field }) => METADATA_FIELDS.has(field) && (showVolatile || !VOLATILE.has(field)));
  return shown.map((change) => (VOLATILE.has(change.field) ? { ...change, volatile: true as const } : change));
}

function diffProperties(left: JsonObject, right: JsonObject): PropertyChange[] {
  return fieldChanges(left, right).map(({ field, ...change }) => ({ name: field, ...change }));
}

/** Names only: a record that carries a credential value must not leak it into the diff. */
function diffCredentials(left: JsonObject, right: JsonObject): CredentialChanges {
  return {
    added: Object.keys(right).filter((name) => !Object.hasOwn(left, name)),
    removed: Object.keys(left).filter((name) => !Object.hasOwn(right, name)),
  };
}

function countTotals(
  metadata: FieldChange[],
  properties: PropertyChange[],
  credentials: CredentialChanges,
  transformations: TransformationDiff[],
  unknownKeys: FieldChange[],
): DiffTotals {
  let mappings = 0;
  let other = unknownKeys.length;
  for (const t of transformations) {
    mappings += t.mappings.length;
    other += t.keyChanges.length;
  }
  const counts = {
    metadata: metadata.length,
    properties: properties.length,
    credentials: credentials.added.length + credentials.removed.length,
    mappings,
    other,
  };
  return { ...counts, total: Object.values(counts).reduce((a, b) => a + b, 0) };
}

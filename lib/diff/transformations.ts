/**
 * Per-entity diff of `transformation` (sources, targets) and `readTransformation` / `writeTransformation`
 * (proxies): entity keys such as `condition` compared as whole values, `mappings` matched per
 * console-contract.md §6 (./mappings.ts).
 */
import { fieldChange, fieldChanges, isObject, present, unionKeys, type JsonObject } from './equal.ts';
import { diffMappings } from './mappings.ts';
import type { Change, FieldChange, TransformationDiff, TransformationField } from './types.ts';

export const TRANSFORMATION_FIELDS = [
  'transformation',
  'readTransformation',
  'writeTransformation',
] as const satisfies readonly TransformationField[];

export interface TransformationChanges {
  transformations: TransformationDiff[];
  /** A transformation that is not an object on some side: compared as a whole value. */
  malformed: FieldChange[];
}

export function diffTransformations(left: JsonObject, right: JsonObject): TransformationChanges {
  const out: TransformationChanges = { transformations: [], malformed: [] };
  for (const field of TRANSFORMATION_FIELDS) {
    const before = present(left, field, true) ? left[field] : {};
    const after = present(right, field, true) ? right[field] : {};
    if (!isObject(before) || !isObject(after)) {
      const change = fieldChange(left, right, field, true);
      if (change) out.malformed.push(change);
      continue;
    }
    for (const entity of unionKeys(before, after)) {
      const diff = diffEntity(field, entity, before, after);
      if (diff) out.transformations.push(diff);
    }
  }
  return out;
}

function entityStatus(left: JsonObject, right: JsonObject, entity: string): Change {
  if (!present(left, entity, true)) return 'added';
  if (!present(right, entity, true)) return 'removed';
  return 'changed';
}

/** Null when the entity is equal (or absent) on both sides. */
function diffEntity(
  field: TransformationField,
  entity: string,
  left: JsonObject,
  right: JsonObject,
): TransformationDiff | null {
  const status = entityStatus(left, right, entity);
  const before = status === 'added' ? {} : left[entity];
  const after = status === 'removed' ? {} : right[entity];
  if (!isObject(before) || !isObject(after)) {
    const change = fieldChange(left, right, entity, true);
    return change ? { field, entity, entityStatus: status, keyChanges: [change], mappings: [] } : null;
  }
  const mappingsAreLists = listOrAbsent(before.mappings) && listOrAbsent(after.mappings);
  // A non-list `mappings` (never seen) is compared as a whole value rather than guessed at.
  const keyChanges = fieldChanges(before, after, (key) => key !== 'mappings' || !mappingsAreLists);
  const mappings = mappingsAreLists ? diffMappings(asList(before.mappings), asList(after.mappings)) : [];
  if (keyChanges.length === 0 && mappings.length === 0) return null;
  return { field, entity, entityStatus: status, keyChanges, mappings };
}

const listOrAbsent = (value: unknown) => value === undefined || value === null || Array.isArray(value);
const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

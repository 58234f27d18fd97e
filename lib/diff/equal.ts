/**
 * Equality in the canonical sense (console-contract.md §6): true exactly when `canonicalize(a) ===
 * canonicalize(b)`, i.e. key order and whitespace never count. Walking both values instead of building
 * two canonical strings keeps the deep diff cheap enough to beat generic diff libraries.
 */
import type { FieldChange } from './types.ts';

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true; // also -0 === 0, which canonical form prints alike
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return arraysEqual(a, b as unknown[]);
  return objectsEqual(a as JsonObject, b as JsonObject);
}

function arraysEqual(a: unknown[], b: unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
  return true;
}

/** Undefined members are absent, as in canonical form and JSON.stringify. */
function objectsEqual(a: JsonObject, b: JsonObject): boolean {
  const keys = Object.keys(a);
  // Fast path for parsed JSON, which has no undefined members: same key count, every key matches.
  if (keys.length === Object.keys(b).length) {
    let defined = true;
    for (const key of keys) {
      if (a[key] === undefined) defined = false;
      else if (!Object.hasOwn(b, key) || !jsonEqual(a[key], b[key])) return false;
    }
    if (defined) return true;
  }
  return definedKeysEqual(a, b);
}

function definedKeysEqual(a: JsonObject, b: JsonObject): boolean {
  const defined = (o: JsonObject) => Object.keys(o).filter((key) => o[key] !== undefined);
  const keys = defined(a);
  if (keys.length !== defined(b).length) return false;
  return keys.every((key) => Object.hasOwn(b, key) && jsonEqual(a[key], b[key]));
}

/** Present means a defined own member; `nullIsAbsent` for top-level fields a console may send as null. */
export function present(record: JsonObject, key: string, nullIsAbsent = false): boolean {
  if (!Object.hasOwn(record, key)) return false;
  const value = record[key];
  return value !== undefined && !(nullIsAbsent && value === null);
}

/** Keys of both records, left order first then right-only keys, so output order is stable. */
export function unionKeys(left: JsonObject, right: JsonObject): string[] {
  const keys = Object.keys(left);
  for (const key of Object.keys(right)) if (!Object.hasOwn(left, key)) keys.push(key);
  return keys;
}

/** Compare one member of two records; null when it is equal. */
export function fieldChange(
  left: JsonObject,
  right: JsonObject,
  key: string,
  nullIsAbsent = false,
): FieldChange | null {
  const inLeft = present(left, key, nullIsAbsent);
  const inRight = present(right, key, nullIsAbsent);
  if (!inLeft && !inRight) return null;
  if (!inLeft) return { field: key, change: 'added', after: right[key] };
  if (!inRight) return { field: key, change: 'removed', before: left[key] };
  if (jsonEqual(left[key], right[key])) return null;
  return { field: key, change: 'changed', before: left[key], after: right[key] };
}

/** Every differing member of two records (all keys, or those `include` accepts). */
export function fieldChanges(
  left: JsonObject,
  right: JsonObject,
  include: (key: string) => boolean = () => true,
  nullIsAbsent = false,
): FieldChange[] {
  const out: FieldChange[] = [];
  for (const key of unionKeys(left, right)) {
    if (!include(key)) continue;
    const change = fieldChange(left, right, key, nullIsAbsent);
    if (change) out.push(change);
  }
  return out;
}

/**
 * Mapping-level diff of one entity's `mappings` (console-contract.md §6). Mappings are matched by
 * (targetPath ?? targetVariable ?? sourcePath, scope, occurrence among equal keys), because keys repeat
 * in real files: the 2nd of two equal mappings is matched with the other side's 2nd, so changing it is
 * one change. Moves are judged against the longest run of matched pairs that kept their relative order
 * (./lis.ts), so moving one mapping reports that one, not every mapping it shifted.
 */
import type { Mapping } from '../model/system.ts';
import { fieldChanges, isObject, jsonEqual } from './equal.ts';
import { longestIncreasing } from './lis.ts';
import type { FieldChange, MappingChange, MappingKey } from './types.ts';

const text = (value: unknown) => (typeof value === 'string' ? value : null);

export function mappingKey(mapping: unknown, occurrence = 0): MappingKey {
  const m = isObject(mapping) ? mapping : {};
  const path = text(m.targetPath) ?? text(m.targetVariable) ?? text(m.sourcePath);
  return { path, scope: text(m.scope), occurrence };
}

const sameKey = (a: MappingKey, b: MappingKey) => a.path === b.path && a.scope === b.scope;

/** The full key of mappings[index], occurrence counted from the start of the list. */
function keyAt(mappings: readonly unknown[], index: number): MappingKey {
  const key = mappingKey(mappings[index]);
  for (let i = 0; i < index; i++) if (sameKey(mappingKey(mappings[i]), key)) key.occurrence++;
  return key;
}

/** Tags keep a null path apart from "null" and from "". */
const keyText = (value: string | null) => (value === null ? '\u0000' : `\u0001${value}`);

/**
 * Match ids of mappings[from..], occurrences counted from `from`. After an equal prefix that pairs
 * exactly like counting from 0, because the prefix holds the same keys on both sides.
 */
function matchIds(mappings: readonly unknown[], from: number): string[] {
  const seen = new Map<string, number>();
  const ids: string[] = [];
  for (let i = from; i < mappings.length; i++) {
    const { path, scope } = mappingKey(mappings[i]);
    const base = `${keyText(path)}\u0002${keyText(scope)}`;
    const occurrence = seen.get(base) ?? 0;
    seen.set(base, occurrence + 1);
    ids.push(`${base}\u0002${occurrence}`);
  }
  return ids;
}

interface Pair {
  left: number;
  right: number;
}

/** Pairs among mappings[from..], in left order. */
function pairRest(left: readonly unknown[], right: readonly unknown[], from: number): Pair[] {
  if (left.length === right.length && sameKeysInPlace(left, right, from)) {
    return Array.from({ length: left.length - from }, (_, i) => ({ left: from + i, right: from + i }));
  }
  const rightById = new Map<string, number>();
  matchIds(right, from).forEach((id, i) => rightById.set(id, from + i));
  const pairs: Pair[] = [];
  matchIds(left, from).forEach((id, i) => {
    const match = rightById.get(id);
    if (match !== undefined) pairs.push({ left: from + i, right: match });
  });
  return pairs;
}

/** The common edit: (path, scope) unchanged at every index, so index i pairs with index i. */
function sameKeysInPlace(left: readonly unknown[], right: readonly unknown[], from: number): boolean {
  for (let i = from; i < left.length; i++) if (!sameKey(mappingKey(left[i]), mappingKey(right[i]))) return false;
  return true;
}

function innerChanges(before: unknown, after: unknown): FieldChange[] {
  if (isObject(before) && isObject(after)) return fieldChanges(before, after);
  return [{ field: '', change: 'changed', before, after }];
}

/** Null when the pair is equal and kept its place. */
function pairChange(left: readonly unknown[], right: readonly unknown[], pair: Pair, moved: boolean): MappingChange | null {
  const before = left[pair.left];
  const after = right[pair.right];
  const same = jsonEqual(before, after);
  if (same && !moved) return null;
  return {
    change: same ? 'moved' : 'changed',
    key: keyAt(right, pair.right),
    leftIndex: pair.left,
    rightIndex: pair.right,
    before: before as Mapping,
    after: after as Mapping,
    moved,
    fields: same ? [] : innerChanges(before, after),
  };
}

function unpaired(mappings: readonly unknown[], index: number, change: 'added' | 'removed'): MappingChange {
  const mapping = mappings[index] as Mapping;
  const where = change === 'added' ? { rightIndex: index, after: mapping } : { leftIndex: index, before: mapping };
  return { change, key: keyAt(mappings, index), ...where, moved: false, fields: [] };
}

export function diffMappings(left: readonly unknown[], right: readonly unknown[]): MappingChange[] {
  // Most entities are unchanged or edited in the middle: the equal head needs no matching at all.
  let from = 0;
  while (from < left.length && from < right.length && jsonEqual(left[from], right[from])) from++;
  if (from === left.length && from === right.length) return [];
  const pairs = pairRest(left, right, from);
  const inOrder = longestIncreasing(pairs.map((p) => p.right));
  const partnerOfLeft = new Map(pairs.map((p) => [p.left, p.right]));
  const pairedRight = new Set(pairs.map((p) => p.right));
  // Output in right order; a removed mapping sits just after the partner of the nearest earlier paired left.
  const placed: Array<{ at: number; change: MappingChange }> = [];
  pairs.forEach((pair, i) => {
    const change = pairChange(left, right, pair, !inOrder.has(i));
    if (change) placed.push({ at: pair.right, change });
  });
  let anchor = from - 0.5;
  for (let i = from; i < left.length; i++) {
    const partner = partnerOfLeft.get(i);
    if (partner !== undefined) anchor = partner + 0.5;
    else placed.push({ at: anchor, change: unpaired(left, i, 'removed') });
  }
  for (let j = from; j < right.length; j++) {
    if (!pairedRight.has(j)) placed.push({ at: j, change: unpaired(right, j, 'added') });
  }
  return placed.sort((a, b) => a.at - b.at).map((p) => p.change);
}

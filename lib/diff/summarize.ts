/**
 * One-line summaries of a diff for list views ("3 properties changed, 1 mapping added in user").
 * Plain English strings; a view that needs more detail renders the change list itself.
 */
import type { Change, MappingChangeKind, SetDiff, SystemDiff, TransformationDiff } from './types.ts';

const count = (n: number, singular: string, many = `${singular}s`) => `${n} ${n === 1 ? singular : many}`;

/** "user" for sources/targets, "read user" / "write group" for proxies. */
export function entityLabel(t: Pick<TransformationDiff, 'field' | 'entity'>): string {
  if (t.field === 'readTransformation') return `read ${t.entity}`;
  if (t.field === 'writeTransformation') return `write ${t.entity}`;
  return t.entity;
}

function countBy<T extends string>(items: readonly T[]): Map<T, number> {
  const counts = new Map<T, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return counts;
}

function metadataParts(diff: SystemDiff): string[] {
  const parts: string[] = [];
  const rename = diff.metadata.find((c) => c.field === 'name');
  if (rename) parts.push(`renamed from "${String(rename.before)}"`);
  const others = diff.metadata.filter((c) => c !== rename).map((c) => c.field);
  if (others.length > 0 && others.length <= 3) parts.push(`${others.join(', ')} changed`);
  else if (others.length > 3) parts.push(`${others.length} fields changed`);
  return parts;
}

function propertyParts(diff: SystemDiff): string[] {
  const counts = countBy(diff.properties.map((p) => p.change));
  return (['changed', 'added', 'removed'] as const satisfies readonly Change[])
    .filter((change) => counts.has(change))
    .map((change) => `${count(counts.get(change)!, 'property', 'properties')} ${change}`);
}

function credentialParts(diff: SystemDiff): string[] {
  const { added, removed } = diff.credentials;
  const parts: string[] = [];
  if (added.length) parts.push(`${count(added.length, 'credential')} added`);
  if (removed.length) parts.push(`${count(removed.length, 'credential')} removed`);
  return parts;
}

/** Per entity, per kind of change: "1 mapping added in user, 2 mappings changed in read group". */
function mappingParts(diff: SystemDiff): string[] {
  const parts: string[] = [];
  for (const t of diff.transformations) {
    const counts = countBy(t.mappings.map((m) => m.change));
    for (const change of ['changed', 'added', 'removed', 'moved'] as const satisfies readonly MappingChangeKind[]) {
      const n = counts.get(change);
      if (n) parts.push(`${count(n, 'mapping')} ${change} in ${entityLabel(t)}`);
    }
  }
  return parts;
}

function otherParts(diff: SystemDiff): string[] {
  const parts: string[] = [];
  for (const t of diff.transformations) {
    if (t.entityStatus !== 'changed') parts.push(`entity ${entityLabel(t)} ${t.entityStatus}`);
    else parts.push(...t.keyChanges.map((c) => `${c.field} ${c.change} in ${entityLabel(t)}`));
  }
  if (diff.unknownKeys.length) parts.push(`${count(diff.unknownKeys.length, 'other field')} changed`);
  return parts;
}

export function summarizeSystem(diff: SystemDiff): string {
  if (diff.status === 'added') return `new ${diff.kind} system`;
  if (diff.status === 'removed') return `${diff.kind} system removed`;
  if (diff.status === 'unchanged') return 'no changes';
  const parts = [
    ...metadataParts(diff),
    ...propertyParts(diff),
    ...credentialParts(diff),
    ...mappingParts(diff),
    ...otherParts(diff),
  ];
  return parts.join(', ');
}

export function summarizeSet(diff: SetDiff): string {
  const { added, removed, changed, unchanged, changes } = diff.totals;
  const parts = [
    added && `${added} added`,
    removed && `${removed} removed`,
    changed && `${changed} changed (${count(changes, 'change')})`,
    unchanged && `${unchanged} unchanged`,
  ].filter((part): part is string => Boolean(part));
  return parts.length ? parts.join(', ') : 'no systems';
}

/** Real exports with edits, and a compact projection of a SystemDiff that table cases can spell out. */
import type { Mapping, SystemFile } from '@/lib/model/system.ts';
import type { SystemDiff } from '@/lib/diff/types.ts';
import { parseSystemFile } from '@/lib/schema/validate.ts';
import { fixtureText } from '../schema/real-fixtures.ts';

/** A fresh record parsed by the extension's own parser, so each case may edit it freely. */
export function real(file: string): SystemFile {
  return parse(fixtureText(file));
}

export function parse(text: string): SystemFile {
  const result = parseSystemFile(text);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.record;
}

export function edit(file: string, change: (system: SystemFile) => void): SystemFile {
  const system = real(file);
  change(system);
  return system;
}

/** The mappings of one entity of `transformation`, for edits. */
export function mappings(system: SystemFile, entity = 'user', field = 'transformation'): Mapping[] {
  const transformation = system[field] as Record<string, { mappings: Mapping[] }>;
  return transformation[entity]!.mappings;
}

export function move<T>(list: T[], from: number, to: number): void {
  const [item] = list.splice(from, 1);
  list.splice(to, 0, item!);
}

/**
 * A proxy built from a real target (write) and a real source (read): no real proxy export exists
 * (console-contract.md §3), but its transformations have the same shape.
 */
export function proxy(): SystemFile {
  const target = real('S4Aimporttarget.json');
  const source = real('SAPprovisioningsource.json');
  const { transformation, relatedSystems: _related, ...rest } = target;
  return {
    ...rest,
    accessMode: 'PROXY',
    name: 'IdM proxy',
    readTransformation: source.transformation!,
    writeTransformation: transformation!,
    readTransformationChanged: false,
    writeTransformationChanged: false,
  };
}

const where = (field: string, entity: string) => (field === 'transformation' ? entity : `${field}.${entity}`);

/** One line per reported change, in report order; mapping lines carry key, indices and changed fields. */
export function brief(diff: SystemDiff): string[] {
  const lines = [
    ...diff.metadata.map((c) => `${c.volatile ? 'volatile' : 'meta'} ${c.change} ${c.field}`),
    ...diff.properties.map((p) => `property ${p.change} ${p.name}`),
    ...diff.credentials.added.map((name) => `credential added ${name}`),
    ...diff.credentials.removed.map((name) => `credential removed ${name}`),
  ];
  for (const t of diff.transformations) {
    const at = where(t.field, t.entity);
    if (t.entityStatus !== 'changed') lines.push(`${at} entity ${t.entityStatus}`);
    lines.push(...t.keyChanges.map((c) => `${at} ${c.change} ${c.field}`));
    for (const m of t.mappings) {
      const kind = m.change === 'changed' && m.moved ? 'changed+moved' : m.change;
      const key = `${m.key.path ?? '∅'}|${m.key.scope ?? ''}#${m.key.occurrence}`;
      const fields = m.fields.length ? ` [${m.fields.map((f) => f.field).join(',')}]` : '';
      lines.push(`${at} mapping ${kind} ${key} ${m.leftIndex ?? '-'}→${m.rightIndex ?? '-'}${fields}`);
    }
  }
  return [...lines, ...diff.unknownKeys.map((c) => `unknown ${c.change} ${c.field}`)];
}

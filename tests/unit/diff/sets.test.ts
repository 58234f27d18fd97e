import { describe, expect, it } from 'vitest';
import { contentHash } from '@/lib/canonical/hash.ts';
import { diffSets, diffSetsSync, type DiffInput } from '@/lib/diff/sets.ts';
import { kindOfAccessMode, type SystemFile } from '@/lib/model/system.ts';
import { brief, edit, real } from './helpers.ts';

const FILES = ['BTPCFimportsource.json', 'S4Aimporttarget.json', 'S4Aprovisioningtarget.json', 'SAPprovisioningsource.json'];

function input(record: SystemFile, hash?: string): DiffInput {
  return { kind: kindOfAccessMode(record.accessMode), id: record.id, name: record.name, contentHash: hash, record };
}

/** A lazy record that remembers whether it was loaded. */
function lazy(record: SystemFile, hash: string, loads: string[]): DiffInput {
  return { ...input(record, hash), record: async () => (loads.push(record.name), record) };
}

const names = (diffs: { name: { left: string | null; right: string | null }; status: string }[]) =>
  diffs.map((d) => `${d.status} ${d.name.left ?? '-'} → ${d.name.right ?? '-'}`);

describe('diffSets', () => {
  it('pairs by (kind, name) across tenants and sorts sources, targets, proxies', () => {
    const left = FILES.map((f) => input(real(f)));
    const right = FILES.map((f) => edit(f, (s) => Object.assign(s, { id: `new-${s.name}`, tenantId: 'other' }))).map((r) => input(r));
    right[1] = input(edit(FILES[1]!, (s) => (s.properties!['ips.trace.failed.entity.content'] = 'true')));
    const diff = diffSetsSync(left, right);
    expect(names(diff.systems)).toEqual([
      'unchanged BTP CF import source → BTP CF import source',
      'unchanged SAP provisioning source → SAP provisioning source',
      'changed S4A import target → S4A import target',
      'unchanged S4A provisioning target → S4A provisioning target',
    ]);
    expect(diff.totals).toEqual({ added: 0, removed: 0, changed: 1, unchanged: 3, changes: 1 });
  });

  it('does not pair a source and a target of the same name', () => {
    const source = real('BTPCFimportsource.json');
    const target = edit('S4Aimporttarget.json', (s) => (s.name = source.name));
    expect(names(diffSetsSync([input(source)], [input(target)]).systems)).toEqual([
      'removed BTP CF import source → -',
      'added - → BTP CF import source',
    ]);
  });

  it('a renamed system is one change when matched by id, removed + added otherwise', () => {
    const left = [input(real('S4Aimporttarget.json'))];
    const right = [input(edit('S4Aimporttarget.json', (s) => (s.name = 'S4A target renamed')))];
    const byId = diffSetsSync(left, right, { matchById: true });
    expect(names(byId.systems)).toEqual(['changed S4A import target → S4A target renamed']);
    expect(brief(byId.systems[0]!)).toEqual(['meta changed name']);
    expect(byId.totals).toEqual({ added: 0, removed: 0, changed: 1, unchanged: 0, changes: 1 });
    expect(diffSetsSync(left, right).totals).toMatchObject({ added: 1, removed: 1, changed: 0 });
  });

  it('with matchById, id beats a name now used by a different system', () => {
    const old = real('S4Aimporttarget.json');
    const renamed = edit('S4Aimporttarget.json', (s) => (s.name = 'S4A target renamed'));
    const newcomer = edit('S4Aprovisioningtarget.json', (s) => Object.assign(s, { id: 'another-id', name: old.name }));
    const diff = diffSetsSync([input(old)], [input(renamed), input(newcomer)], { matchById: true });
    expect(names(diff.systems)).toEqual(['added - → S4A import target', 'changed S4A import target → S4A target renamed']);
  });

  it('equal contentHashes are unchanged without loading either record', async () => {
    const loads: string[] = [];
    const records = FILES.map((f) => real(f));
    const hashes = await Promise.all(records.map((r) => contentHash(r)));
    const changed = edit(FILES[2]!, (s) => (s.state = 'DISABLED'));
    const left = records.map((r, i) => lazy(r, hashes[i]!, loads));
    const changedHash = await contentHash(changed);
    const right = records.map((r, i) => (i === 2 ? lazy(changed, changedHash, loads) : lazy(r, hashes[i]!, loads)));
    const diff = await diffSets(left, right);
    expect(loads.sort()).toEqual([records[2]!.name, records[2]!.name]);
    expect(diff.totals).toEqual({ added: 0, removed: 0, changed: 1, unchanged: 3, changes: 1 });
    expect(diff.systems.find((d) => d.status === 'changed')!.metadata).toMatchObject([{ field: 'state', change: 'changed' }]);
  });

  it('showVolatile does not trust contentHash, which leaves volatile fields out', async () => {
    const left = real(FILES[0]!);
    const right = edit(FILES[0]!, (s) => (s.tenantId = 'other'));
    const hash = await contentHash(left);
    expect(await contentHash(right)).toBe(hash);
    const shown = await diffSets([input(left, hash)], [input(right, hash)], { showVolatile: true });
    expect(brief(shown.systems[0]!)).toEqual(['volatile changed tenantId']);
    expect((await diffSets([input(left, hash)], [input(right, hash)])).totals.unchanged).toBe(1);
  });

  it('an added or removed system without a record is reported without detail', () => {
    const meta = (r: SystemFile): DiffInput => ({ kind: kindOfAccessMode(r.accessMode), name: r.name });
    const diff = diffSetsSync([meta(real(FILES[0]!))], [meta(real(FILES[1]!))]);
    expect(names(diff.systems)).toEqual(['removed BTP CF import source → -', 'added - → S4A import target']);
    expect(diff.totals).toEqual({ added: 1, removed: 1, changed: 0, unchanged: 0, changes: 0 });
  });

  it('says which record is missing when it cannot compare', () => {
    const left = { ...input(real(FILES[0]!), 'a'), record: undefined };
    const right = input(real(FILES[0]!), 'b');
    expect(() => diffSetsSync([left], [right])).toThrow(/source system "BTP CF import source": its left record is missing/);
  });

  it('diffSetsSync refuses lazy records', () => {
    const record = real(FILES[0]!);
    expect(() => diffSetsSync([lazy(record, 'a', [])], [input(record, 'b')])).toThrow(/use diffSets/);
  });
});

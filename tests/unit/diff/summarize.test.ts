import { describe, expect, it } from 'vitest';
import { diffSystems } from '@/lib/diff/compute.ts';
import { diffSetsSync } from '@/lib/diff/sets.ts';
import { summarizeSet, summarizeSystem } from '@/lib/diff/summarize.ts';
import type { SystemFile } from '@/lib/model/system.ts';
import { edit, mappings, move, proxy, real } from './helpers.ts';

const TGT = 'S4Aimporttarget.json';

describe('summarizeSystem', () => {
  it.each<{ name: string; left: SystemFile | null; right: SystemFile | null; expected: string }>([
    { name: 'unchanged', left: real(TGT), right: real(TGT), expected: 'no changes' },
    { name: 'added', left: null, right: real(TGT), expected: 'new target system' },
    { name: 'removed', left: real(TGT), right: null, expected: 'target system removed' },
    {
      name: 'properties and a mapping',
      left: real(TGT),
      right: edit(TGT, (s) => {
        s.properties = { 'ips.trace.failed.entity.content': 'true', a: '1', b: '2' };
        mappings(s).push({ targetPath: '$.nickName', sourcePath: '$.nickName' });
      }),
      expected: '1 property changed, 2 properties added, 1 mapping added in user',
    },
    {
      name: 'rename, fields, credential, moves and keys',
      left: real(TGT),
      right: edit(TGT, (s) => {
        Object.assign(s, { name: 'New', state: 'DISABLED', encryptedProperties: { Password: null } });
        move(mappings(s), 1, 5);
        mappings(s, 'group')[0]!.optional = true;
        mappings(s, 'group')[1]!.optional = true;
        s.transformation!.group!.condition = 'true';
        delete s.transformation!.user!.condition;
      }),
      expected:
        'renamed from "S4A import target", state changed, 1 credential added, 1 mapping moved in user, 2 mappings changed in group, condition removed in user, condition added in group',
    },
    {
      name: 'proxy entities',
      left: proxy(),
      right: (() => {
        const p = proxy();
        delete p.readTransformation!.group;
        mappings(p, 'user', 'writeTransformation').splice(0, 1);
        return p;
      })(),
      expected: '7 mappings removed in read group, 1 mapping removed in write user, entity read group removed',
    },
  ])('$name', ({ left, right, expected }) => {
    expect(summarizeSystem(diffSystems(left, right))).toBe(expected);
  });
});

describe('summarizeSet', () => {
  it('counts systems by status and changes in changed ones', () => {
    const left = [real(TGT), real('BTPCFimportsource.json'), real('S4Aimportsource.json')];
    const right = [edit(TGT, (s) => (s.state = 'DISABLED')), real('BTPCFimportsource.json'), real('NON-SAPimportsource.json')];
    const inputs = (records: SystemFile[]) =>
      records.map((r) => ({ kind: r.accessMode === 'READ' ? ('source' as const) : ('target' as const), name: r.name, record: r }));
    expect(summarizeSet(diffSetsSync(inputs(left), inputs(right)))).toBe('1 added, 1 removed, 1 changed (1 change), 1 unchanged');
    expect(summarizeSet(diffSetsSync([], []))).toBe('no systems');
  });
});

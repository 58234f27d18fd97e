import { describe, expect, it } from 'vitest';
import { longestIncreasing } from '@/lib/diff/lis.ts';
import { canonicalize } from '@/lib/canonical/jcs.ts';
import { diffMappings, mappingKey } from '@/lib/diff/mappings.ts';
import { move } from './helpers.ts';

describe('longestIncreasing', () => {
  it.each([
    { values: [], expected: [] },
    { values: [0, 1, 2, 3], expected: [0, 1, 2, 3] },
    { values: [3, 0, 1, 2], expected: [1, 2, 3] },
    { values: [1, 2, 3, 0], expected: [0, 1, 2] },
    { values: [0, 3, 1, 2, 4], expected: [0, 2, 3, 4] },
    { values: [1, 0], expected: [1] },
    { values: [4, 3, 2, 1, 0], expected: [4] },
    { values: [2, 5, 3, 7, 11, 8, 10, 13, 6], expected: [0, 2, 3, 5, 6, 7] },
  ])('$values', ({ values, expected }) => {
    expect([...longestIncreasing(values)].sort((a, b) => a - b)).toEqual(expected);
  });
});

const m = (targetPath: string, extra: Record<string, unknown> = {}) => ({ sourcePath: targetPath, targetPath, ...extra });
const list = (...paths: string[]) => paths.map((p) => m(p));
/** "change key left→right" per reported mapping. */
const report = (left: unknown[], right: unknown[]) =>
  diffMappings(left, right).map((c) => `${c.change}${c.moved && c.change === 'changed' ? '+moved' : ''} ${c.key.path}#${c.key.occurrence} ${c.leftIndex ?? '-'}→${c.rightIndex ?? '-'}`);

describe('diffMappings', () => {
  it.each([
    { name: 'equal', left: list('a', 'b', 'c'), right: list('a', 'b', 'c'), expected: [] },
    { name: 'neighbours swapped: one move', left: list('a', 'b', 'c'), right: list('b', 'a', 'c'), expected: ['moved a#0 0→1'] },
    { name: 'last to first: one move', left: list('a', 'b', 'c', 'd'), right: list('d', 'a', 'b', 'c'), expected: ['moved d#0 3→0'] },
    { name: 'reversed: all but one move', left: list('a', 'b', 'c'), right: list('c', 'b', 'a'), expected: ['moved b#0 1→1', 'moved a#0 0→2'] },
    {
      name: 'removed and added in place',
      left: list('a', 'x', 'b'),
      right: list('a', 'y', 'b'),
      expected: ['removed x#0 1→-', 'added y#0 -→1'],
    },
    {
      name: 'a mapping inserted before an equal key pairs by occurrence (contract §6)',
      left: [m('a', { optional: true })],
      right: [m('a'), m('a', { optional: true })],
      expected: ['changed a#0 0→0', 'added a#1 -→1'],
    },
    {
      name: 'scope is part of the key',
      left: [m('a'), m('a', { scope: 'createEntity' })],
      right: [m('a', { scope: 'createEntity' }), m('a')],
      expected: ['moved a#0 0→1'],
    },
    { name: 'everything added', left: [], right: list('a', 'b'), expected: ['added a#0 -→0', 'added b#0 -→1'] },
    { name: 'everything removed', left: list('a', 'b'), right: [], expected: ['removed a#0 0→-', 'removed b#0 1→-'] },
  ])('$name', ({ left, right, expected }) => {
    expect(report(left, right)).toEqual(expected);
  });

  it('keys mappings by targetPath, then targetVariable, then sourcePath; null when none', () => {
    expect(mappingKey({ sourcePath: 's', targetVariable: 'v', targetPath: 't', scope: 'deleteEntity' }, 2)).toEqual({
      path: 't',
      scope: 'deleteEntity',
      occurrence: 2,
    });
    expect(mappingKey({ sourcePath: 's', targetVariable: 'v' }).path).toBe('v');
    expect(mappingKey({ sourcePath: 's' }).path).toBe('s');
    expect(mappingKey({ correlationAttribute: true })).toEqual({ path: null, scope: null, occurrence: 0 });
    expect(mappingKey('not a mapping').path).toBeNull();
  });

  it('keeps a path "null" apart from a mapping without any path', () => {
    expect(report([{ correlationAttribute: true }], [m('null')])).toEqual(['removed null#0 0→-', 'added null#0 -→0']);
  });

  it('lists what changed inside a changed mapping', () => {
    const [change] = diffMappings([m('a', { optional: true, functions: [{ function: 'x' }] })], [m('a', { functions: [{ function: 'y' }], defaultValue: '' })]);
    expect(change!.fields).toEqual([
      { field: 'optional', change: 'removed', before: true },
      { field: 'functions', change: 'changed', before: [{ function: 'x' }], after: [{ function: 'y' }] },
      { field: 'defaultValue', change: 'added', after: '' },
    ]);
  });
});

/** The contract's pairing written plainly: global (path, scope, occurrence) ids, no shortcuts. */
function referencePairs(left: unknown[], right: unknown[]): Array<[number, number]> {
  const ids = (list: unknown[]) => {
    const seen = new Map<string, number>();
    return list.map((mapping) => {
      const base = JSON.stringify([mappingKey(mapping).path, mappingKey(mapping).scope]);
      seen.set(base, (seen.get(base) ?? -1) + 1);
      return `${base}#${seen.get(base)}`;
    });
  };
  const rightIds = ids(right);
  return ids(left).flatMap((id, i) => (rightIds.includes(id) ? [[i, rightIds.indexOf(id)] as [number, number]] : []));
}

describe('diffMappings agrees with the plain contract pairing on random edits', () => {
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const mapping = () => {
    const m: Record<string, unknown> = pick([{ targetPath: pick(['a', 'b', 'c']) }, { targetVariable: 'v' }, { sourcePath: 's' }, {}]);
    if (random() < 0.3) m.scope = 'createEntity';
    if (random() < 0.5) m.optional = random() < 0.5;
    return m;
  };
  const mutate = (list: Record<string, unknown>[]) => {
    const out = structuredClone(list);
    const at = () => Math.floor(random() * (out.length + 1));
    const edits = Math.floor(random() * 4);
    for (let e = 0; e < edits; e++) {
      const kind = pick(['insert', 'delete', 'move', 'change']);
      if (kind === 'insert' || out.length === 0) out.splice(at(), 0, mapping());
      else if (kind === 'delete') out.splice(Math.min(at(), out.length - 1), 1);
      else if (kind === 'move') move(out, Math.min(at(), out.length - 1), Math.min(at(), out.length - 1));
      else out[Math.min(at(), out.length - 1)]!.optional = 'changed';
    }
    return out;
  };

  it('on 500 random pairs of lists', () => {
    for (let round = 0; round < 500; round++) {
      const left = Array.from({ length: Math.floor(random() * 12) }, mapping);
      const right = mutate(left);
      const expected = referencePairs(left, right);
      const changes = diffMappings(left, right);
      const paired = changes.filter((c) => c.leftIndex !== undefined && c.rightIndex !== undefined);
      const reported = new Set(paired.map((c) => `${c.leftIndex}→${c.rightIndex}`));
      const changed = expected.filter(([i, j]) => canonicalize(left[i]) !== canonicalize(right[j]));
      for (const [i, j] of changed) expect(reported.has(`${i}→${j}`)).toBe(true);
      for (const c of paired) expect(expected).toContainEqual([c.leftIndex, c.rightIndex]);
      const byNumber = (a: number, b: number) => a - b;
      const removed = changes.filter((c) => c.change === 'removed').map((c) => c.leftIndex!).sort(byNumber);
      const added = changes.filter((c) => c.change === 'added').map((c) => c.rightIndex!).sort(byNumber);
      expect(removed).toEqual(left.map((_, i) => i).filter((i) => !expected.some(([l]) => l === i)));
      expect(added).toEqual(right.map((_, j) => j).filter((j) => !expected.some(([, r]) => r === j)));
      const moves = changes.filter((c) => c.moved).length;
      expect(moves).toBe(expected.length - longestIncreasing(expected.map(([, j]) => j)).size);
      for (const c of changes) expect(c.key).toEqual(c.rightIndex !== undefined ? keyIn(right, c.rightIndex) : keyIn(left, c.leftIndex!));
    }
  });
});

function keyIn(list: unknown[], index: number) {
  const { path, scope } = mappingKey(list[index]);
  const occurrence = list.slice(0, index).filter((m) => mappingKey(m).path === path && mappingKey(m).scope === scope).length;
  return { path, scope, occurrence };
}

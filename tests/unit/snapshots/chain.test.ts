import { beforeEach, describe, expect, it } from 'vitest';
import type { Manifest } from '@/lib/snapshots/db';
import { MAX_DEPTH, applyDelta, composeDeltas, planBody, type Delta, type Entry } from '@/lib/snapshots/format';
import { deleteSnapshots } from '@/lib/snapshots/store';
import { allManifests, changed, contentOf, expectNoOrphans, freshDb, realSystems, storedId } from './helpers.ts';

beforeEach(freshDb);

const e = (id: string, record = `h-${id}`): Entry => ({ kind: 'source', id, name: `n${id}`, type: 'T', contentHash: `c-${record}`, record });
const list = (...ids: string[]) => ids.map((id) => e(id));
const keys = (entries: Entry[]) => entries.map((x) => `${x.id}:${'record' in x ? x.record : 'failed'}`);

describe('deltas (pure)', () => {
  const L = list('1', '2', '3');
  const cases: Array<{ name: string; first: Delta; second: Delta }> = [
    { name: 'disjoint upserts', first: { upserts: [e('4')], removes: [] }, second: { upserts: [e('5')], removes: [] } },
    { name: 'second overrides first', first: { upserts: [e('2', 'x')], removes: [] }, second: { upserts: [e('2', 'y')], removes: [] } },
    { name: 'added then removed', first: { upserts: [e('4')], removes: [] }, second: { upserts: [], removes: ['source\n4'] } },
    { name: 'removed then re-added', first: { upserts: [], removes: ['source\n1'] }, second: { upserts: [e('1', 'z')], removes: [] } },
    { name: 'changed then removed', first: { upserts: [e('3', 'x')], removes: [] }, second: { upserts: [], removes: ['source\n3'] } },
  ];
  it.each(cases)('compose: $name', ({ first, second }) => {
    expect(keys(applyDelta(L, composeDeltas(first, second)))).toEqual(keys(applyDelta(applyDelta(L, first), second)));
  });

  it('plans a delta when it is small, a keyframe when the chain is long or the change large', () => {
    const parent = { id: 7, depth: 0, entries: list('1', '2', '3', '4') };
    expect(planBody(list('1', '2', '3', '4'), parent)).toEqual({ body: { base: 7, upserts: [], removes: [] }, depth: 1 });
    expect(planBody(list('1', '2', '3', '4'), { ...parent, depth: MAX_DEPTH }).body.base).toBeNull();
    expect(planBody(list('5', '6', '7', '8'), parent).body.base).toBeNull();
    expect(planBody(list('1', '1'), parent).body.base).toBeNull();
  });
});

describe('chains in the store', () => {
  /** n snapshots, each changing one system (round robin); returns ids and each one's expected content. */
  async function history(n: number) {
    const systems = realSystems();
    const current = [...systems];
    const expected = new Map<number, Record<string, string>>();
    for (let i = 0; i < n; i++) {
      current[i % systems.length] = changed(systems[i % systems.length]!, `r${i}`);
      const id = await storedId(current, { retention: 1000 });
      expected.set(id, await contentOf(id));
    }
    return expected;
  }

  it('bounds every chain by MAX_DEPTH with keyframes', async () => {
    await history(MAX_DEPTH + 3);
    const manifests = (await allManifests()) as Manifest[];
    expect(manifests.filter((m) => m.base === null).map((m) => m.id)).toEqual([1, MAX_DEPTH + 2]);
    expect(Math.max(...manifests.map((m) => m.depth))).toBe(MAX_DEPTH);
  });

  it.each([
    { name: 'the first keyframe', drop: [1] },
    { name: 'a delta in the middle', drop: [5] },
    { name: 'a run of deltas', drop: [3, 4, 5, 6] },
    { name: 'every other one, keyframes included', drop: [1, 3, 5, 7, 9, 11, 13, 15, 17] },
    { name: 'all but the last', drop: Array.from({ length: 17 }, (_, i) => i + 1) },
  ])('deleting $name keeps the others identical and collects exactly the unused records', async ({ drop }) => {
    const expected = await history(18);
    await deleteSnapshots(drop);
    const left = (await allManifests()).map((m) => m.id!);
    expect(left).toEqual([...expected.keys()].filter((id) => !drop.includes(id)));
    for (const id of left) expect(await contentOf(id), `snapshot ${id}`).toEqual(expected.get(id));
    await expectNoOrphans();
  });
});

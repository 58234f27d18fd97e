import { beforeEach, describe, expect, it } from 'vitest';
import { abortNextWriteAfter } from '@/lib/snapshots/faults';
import { deleteSnapshots, listSnapshots, retainAll, updateSnapshot } from '@/lib/snapshots/store';
import { allManifests, allRecords, changed, contentOf, expectNoOrphans, freshDb, realSystems, setClock, snapshot, storedId } from './helpers.ts';

beforeEach(freshDb);

/** n snapshots, the i-th with system 0 changed to `v<i>` (so each adds one record). */
async function series(n: number, retention = 50): Promise<number[]> {
  const systems = realSystems();
  const ids: number[] = [];
  for (let i = 0; i < n; i++) ids.push(await storedId(systems.map((s, j) => (j === 0 ? changed(s, `v${i}`) : s)), { retention }));
  return ids;
}

describe('retention', () => {
  it('keeps the newest N per tenant and collects the records only the deleted ones used', async () => {
    const ids = await series(6, 3);
    expect((await allManifests()).map((m) => m.id)).toEqual(ids.slice(3));
    const systems = realSystems();
    // 10 unchanged records + the changed one of each of the 3 kept snapshots.
    expect(await allRecords()).toHaveLength(systems.length - 1 + 3);
    await expectNoOrphans();
    for (const id of ids.slice(3)) expect(Object.keys(await contentOf(id))).toHaveLength(systems.length);
  });

  it('never deletes pinned or labelled snapshots, and counts per tenant', async () => {
    const ids = await series(3);
    await updateSnapshot(ids[0]!, { pinned: true });
    await updateSnapshot(ids[1]!, { label: '  before go-live ' });
    const other = await storedId(realSystems().slice(0, 2), { origin: 'https://other.accounts.ondemand.com', retention: 1 });
    ids.push(...(await series(3, 2)));
    const kept = (await allManifests()).map((m) => m.id);
    expect(kept).toEqual([ids[0], ids[1], other, ids[4], ids[5]]);
    expect((await listSnapshots({ origin: 'https://teched2025-00.accounts.ondemand.com' })).items.find((s) => s.id === ids[1])?.label).toBe('before go-live');
    await expectNoOrphans();
  });

  it('a lower limit applies to every tenant; deleting keeps the others readable', async () => {
    const ids = await series(5);
    const before = await contentOf(ids[4]!);
    expect(await retainAll(2)).toEqual([ids[2], ids[1], ids[0]]);
    expect(await contentOf(ids[4]!)).toEqual(before);
    await deleteSnapshots([ids[3]!]);
    expect(await contentOf(ids[4]!)).toEqual(before);
    expect(await allRecords()).toHaveLength(realSystems().length);
    await expectNoOrphans();
  });

  it('keeps the snapshot just saved even when the clock says it is the oldest', async () => {
    const ids = await series(2);
    setClock('2020-01-01T00:00:00.000Z');
    const late = await storedId(realSystems(), { retention: 1 });
    expect((await allManifests()).map((m) => m.id)).toEqual([ids[1], late]);
    await expectNoOrphans();
  });

  it('runs in the save transaction: aborting after the deletions keeps every old snapshot and record', async () => {
    const systems = realSystems();
    await series(3, 3);
    const [manifests, records] = [await allManifests(), await allRecords()];
    // Writes of the 4th save: 1 new record, 1 manifest, then retention's rebase put and delete, then GC.
    abortNextWriteAfter(4);
    const result = await snapshot(systems.map((s, j) => (j === 0 ? changed(s, 'v9') : s)), { retention: 3 });
    expect(result.snapshotId).toBeNull();
    expect(result.storeError).toMatch(/interrupted.*Nothing partial was kept/);
    expect(await allManifests()).toEqual(manifests);
    expect(await allRecords()).toEqual(records);
    // Unarmed, the same save deletes the oldest and collects its record.
    await snapshot(systems.map((s, j) => (j === 0 ? changed(s, 'v9') : s)), { retention: 3 });
    expect(await allManifests()).toHaveLength(3);
    expect(await allRecords()).toHaveLength(systems.length - 1 + 3);
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import { fullHash } from '@/lib/canonical/hash';
import { getSnapshot, getSnapshotRecords, listSnapshots } from '@/lib/snapshots/store';
import type { Manifest } from '@/lib/snapshots/db';
import { allManifests, allRecords, bytesOf, changed, contentOf, expectNoOrphans, freshDb, realSystems, storedId } from './helpers.ts';

beforeEach(freshDb);

describe('content-addressed store', () => {
  it('stores each full record once; an unchanged re-snapshot adds only a tiny manifest', async () => {
    const systems = realSystems();
    const first = await storedId(systems);
    const recordsAfterFirst = await allRecords();
    expect(recordsAfterFirst).toHaveLength(systems.length);
    const second = await storedId(systems);
    expect(await allRecords()).toEqual(recordsAfterFirst);
    const m2 = (await allManifests()).find((m) => m.id === second) as Manifest;
    expect(m2.base).toBe(first);
    expect(m2.format).toBe(2);
    expect(bytesOf(m2)).toBeLessThan(800);
    expect(await contentOf(second)).toEqual(await contentOf(first));
  });

  it('a changed system adds one record and a one-entry delta', async () => {
    const systems = realSystems();
    const first = await storedId(systems);
    const edited = systems.map((s, i) => (i === 3 ? changed(s, 'v2') : s));
    const second = await storedId(edited);
    expect(await allRecords()).toHaveLength(systems.length + 1);
    const m2 = (await allManifests()).find((m) => m.id === second) as Manifest & { upserts: unknown[]; removes: string[] };
    expect(m2.upserts).toHaveLength(1);
    expect(m2.removes).toEqual([]);
    const [a, b] = [await contentOf(first), await contentOf(second)];
    const differing = Object.keys(a).filter((k) => a[k] !== b[k]);
    expect(differing).toEqual([`${edited[3]!.accessMode === 'READ' ? 'source' : 'target'}/${edited[3]!.name}`]);
    expect(b[differing[0]!]).toBe(await fullHash(edited[3]!));
    await expectNoOrphans();
  });

  it('rebuilds the exact records, key order kept, and lists summaries newest first', async () => {
    const systems = realSystems();
    const id = await storedId(systems.slice(0, 4));
    await storedId(systems.slice(0, 5));
    const { records, integrity } = await getSnapshotRecords(id);
    expect(integrity).toEqual({ damaged: false, problems: [] });
    expect(records.map((r) => JSON.stringify(r.record, null, 4)).sort()).toEqual(systems.slice(0, 4).map((s) => JSON.stringify(s, null, 4)).sort());
    const page = await listSnapshots({ limit: 1 });
    expect(page.total).toBe(2);
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ systemCount: 5, failedCount: 0, damaged: false, pinned: false, label: null });
    expect((await listSnapshots({ offset: 1 })).items.map((s) => s.id)).toEqual([id]);
  });

  it('keeps failed systems in the manifest without a record, and removals as deltas', async () => {
    const systems = realSystems();
    await storedId(systems);
    const id = await storedId(systems.slice(1), { failed: [{ kind: 'source', id: systems[0]!.id ?? '', name: systems[0]!.name, text: '' }] });
    const detail = await getSnapshot(id);
    expect(detail.systems.filter((s) => s.status === 'failed').map((s) => s.name)).toEqual([systems[0]!.name]);
    expect(detail.snapshot).toMatchObject({ systemCount: systems.length - 1, failedCount: 1 });
    const third = await storedId(systems.slice(2));
    expect((await getSnapshot(third)).systems).toHaveLength(systems.length - 2);
  });

  it('selects records by system id for a restore', async () => {
    const systems = realSystems();
    const id = await storedId(systems);
    const { records } = await getSnapshotRecords(id, { systems: [systems[2]!.id!] });
    expect(records.map((r) => r.record?.name)).toEqual([systems[2]!.name]);
    await expect(getSnapshotRecords(id, { systems: ['no-such-id'] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

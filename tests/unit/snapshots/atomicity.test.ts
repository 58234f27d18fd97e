import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { abortNextWriteAfter } from '@/lib/snapshots/faults';
import { deleteSnapshots } from '@/lib/snapshots/store';
import { allManifests, allRecords, changed, contentOf, freshDb, realSystems, snapshot, storedId } from './helpers.ts';

beforeEach(freshDb);
afterEach(() => abortNextWriteAfter(null));

async function state() {
  return { manifests: await allManifests(), records: await allRecords() };
}

describe('a snapshot is stored whole or not at all', () => {
  it.each([0, 1, 5, 11])('aborted after %i writes: no manifest, no record, the admin is told', async (k) => {
    abortNextWriteAfter(k);
    const result = await snapshot(realSystems());
    expect(result.snapshotId).toBeNull();
    expect(result.storeError).toBe(`The snapshot was not saved: the write was interrupted before it completed (The transaction was aborted by the test hook after ${k} writes.). Nothing partial was kept; try again.`);
    expect(result.entries.every((e) => e.status === 'ok')).toBe(true);
    expect(await state()).toEqual({ manifests: [], records: [] });
  });

  it('aborted on top of existing snapshots: they are untouched; the next write succeeds', async () => {
    const systems = realSystems();
    await storedId(systems);
    const before = await state();
    abortNextWriteAfter(1);
    expect((await snapshot(systems.map((s, i) => (i < 3 ? changed(s, 'new') : s)))).snapshotId).toBeNull();
    expect(await state()).toEqual(before);
    const id = await storedId(systems.map((s, i) => (i < 3 ? changed(s, 'new') : s)));
    expect(Object.keys(await contentOf(id))).toHaveLength(systems.length);
  });

  it('a deletion aborted half-way (after the re-base) changes nothing', async () => {
    const systems = realSystems();
    const first = await storedId(systems);
    await storedId(systems.map((s, i) => (i === 0 ? changed(s, 'a') : s)));
    const before = await state();
    abortNextWriteAfter(1);
    await expect(deleteSnapshots([first])).rejects.toMatchObject({ name: 'AbortError' });
    expect(await state()).toEqual(before);
  });

  it('a quota error is reported as such and leaves nothing behind', async () => {
    const proto = globalThis.IDBObjectStore.prototype as unknown as { add: (...a: unknown[]) => unknown };
    const original = proto.add;
    proto.add = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    try {
      const result = await snapshot(realSystems());
      expect(result.storeError).toMatch(/storage for the extension is full/);
    } finally {
      proto.add = original;
    }
    expect(await state()).toEqual({ manifests: [], records: [] });
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import { db, type Manifest } from '@/lib/snapshots/db';
import { getSnapshot, getSnapshotRecords, listSnapshots } from '@/lib/snapshots/store';
import { changed, freshDb, realSystems, storedId } from './helpers.ts';

beforeEach(freshDb);

async function tamperRecord(hash: string, edit: (r: Record<string, unknown>) => void) {
  const d = await db();
  const stored = (await d.get('records', hash))!;
  edit(stored.record as Record<string, unknown>);
  await d.put('records', stored);
}

async function tamperManifest(id: number, edit: (m: Manifest) => void) {
  const d = await db();
  const m = (await d.get('snapshots', id)) as Manifest;
  edit(m);
  await d.put('snapshots', m);
}

describe('integrity on every read', () => {
  it('a changed record marks every snapshot using it damaged; restore is refused, viewing allowed', async () => {
    const systems = realSystems();
    const first = await storedId(systems);
    const second = await storedId(systems.map((s, i) => (i === 5 ? changed(s, 'x') : s)));
    const victim = (await getSnapshot(first)).systems.find((s) => s.name === systems[2]!.name)!;
    if (victim.status !== 'ok') throw new Error('expected ok');
    await tamperRecord(victim.recordHash, (r) => ((r.properties as Record<string, string>).URL = 'https://evil.example.com'));

    const detail = await getSnapshot(first);
    expect(detail.integrity.damaged).toBe(true);
    expect(detail.integrity.problems).toEqual([`The stored record of ${victim.kind} system "${victim.name}" does not match its hash: it was changed after it was stored.`]);
    await expect(getSnapshotRecords(first)).rejects.toMatchObject({ code: 'SNAPSHOT_DAMAGED', message: expect.stringContaining('cannot be used to restore') });
    await expect(getSnapshotRecords(first, { systems: [systems[0]!.id!] })).rejects.toMatchObject({ code: 'SNAPSHOT_DAMAGED' });
    const viewing = await getSnapshotRecords(first, { allowDamaged: true });
    expect(viewing.records.find((r) => r.system.name === victim.name)).toMatchObject({ record: null, problem: expect.stringContaining(victim.name) });
    expect(viewing.records.filter((r) => r.record !== null)).toHaveLength(systems.length - 1);
    // The list shows it, for this snapshot and for the later one that names the same record.
    const listed = (await listSnapshots()).items;
    expect(listed.map((s) => [s.id, s.damaged])).toEqual([[second, true], [first, true]]);
    await expect(getSnapshotRecords(second)).rejects.toMatchObject({ code: 'SNAPSHOT_DAMAGED' });
  });

  it('a new snapshot rewrites a damaged record instead of reusing it', async () => {
    const systems = realSystems();
    const first = await storedId(systems);
    const victim = (await getSnapshot(first)).systems[0]!;
    if (victim.status !== 'ok') throw new Error('expected ok');
    await tamperRecord(victim.recordHash, (r) => (r.name = 'renamed behind our back'));
    expect((await getSnapshot(first)).integrity.damaged).toBe(true);
    const second = await storedId(systems);
    expect((await getSnapshot(second)).integrity.damaged).toBe(false);
    expect((await getSnapshot(first)).integrity.damaged).toBe(false);
    expect((await listSnapshots()).items.every((s) => !s.damaged)).toBe(true);
  });

  it('a changed manifest (its list or its header) no longer matches its seal', async () => {
    const systems = realSystems();
    const first = await storedId(systems);
    const second = await storedId(systems.map((s, i) => (i === 1 ? changed(s, 'y') : s)));
    await tamperManifest(first, (m) => {
      if (m.base === null) m.entries = m.entries.slice(1);
    });
    for (const id of [first, second]) {
      const detail = await getSnapshot(id);
      expect(detail.integrity.problems).toEqual(['The list of systems no longer matches its seal: the stored snapshot was changed after it was written.']);
    }
    await expect(getSnapshotRecords(second)).rejects.toMatchObject({ code: 'SNAPSHOT_DAMAGED' });
    freshDb();
    const third = await storedId(systems);
    await tamperManifest(third, (m) => (m.createdAt = '2020-01-01T00:00:00.000Z'));
    expect((await getSnapshot(third)).integrity.damaged).toBe(true);
  });

  it('a missing base or record is reported, not thrown', async () => {
    const systems = realSystems();
    const first = await storedId(systems);
    const second = await storedId(systems.map((s, i) => (i === 1 ? changed(s, 'z') : s)));
    await (await db()).delete('snapshots', first);
    expect((await getSnapshot(second)).integrity.problems).toEqual([`The list of systems cannot be rebuilt: the snapshot it was stored against (#${first}) is missing.`]);
    freshDb();
    const id = await storedId(systems);
    const victim = (await getSnapshot(id)).systems[3]!;
    await (await db()).delete('records', victim.status === 'ok' ? victim.recordHash : '');
    expect((await getSnapshot(id)).integrity.problems).toEqual([`The stored record of ${victim.kind} system "${victim.name}" is missing.`]);
    await expect(getSnapshot(999)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('label, note and pin are outside the seal', async () => {
    const id = await storedId(realSystems());
    await tamperManifest(id, (m) => Object.assign(m, { label: 'x', note: 'y', pinned: true }));
    expect((await getSnapshot(id)).integrity.damaged).toBe(false);
  });
});

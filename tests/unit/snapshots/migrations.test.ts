import { beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { openDB } from 'idb';
import { fullHash } from '@/lib/canonical/hash';
import { DB_NAME, DB_VERSION, db, upgrade, type EntryV1, type IpxDB, type ManifestV1, type Manifest, type StoredRecord } from '@/lib/snapshots/db';
import { getSnapshot, getSnapshotRecords, listSnapshots } from '@/lib/snapshots/store';
import { expectNoOrphans, fixturePath, freshDb, realSystems, setClock, storedId } from './helpers.ts';

interface Dump {
  dbName: string;
  version: number;
  stores: { records: StoredRecord[]; snapshots: ManifestV1[] };
}

const DUMP = JSON.parse(readFileSync(fixturePath('store-v1', 'dump.json'), 'utf8')) as Dump;

/** A version-1 database built by the version-1 upgrade step, holding `manifests` and the dump's records. */
async function loadV1(manifests = DUMP.stores.snapshots): Promise<void> {
  const v1 = await openDB<IpxDB>(DB_NAME, 1, { upgrade: (d, oldVersion, _n, tx) => upgrade(d, oldVersion, 1, tx) });
  for (const r of DUMP.stores.records) await v1.put('records', r);
  for (const m of manifests) await v1.put('snapshots', m);
  v1.close();
}

beforeEach(freshDb);

describe('migrations', () => {
  it('the fixture is what version 1 stored', () => {
    expect(DUMP).toMatchObject({ dbName: DB_NAME, version: 1 });
    expect(DUMP.stores.snapshots.map((m) => [m.id, m.format, m.systems.length])).toEqual([[1, 1, 11], [2, 1, 11]]);
  });

  it('opens a version-1 database: ids kept, lists and records unchanged, second snapshot a delta', async () => {
    await loadV1();
    const database = await db();
    expect(database.version).toBe(DB_VERSION);
    expect([...database.transaction('snapshots').store.indexNames].sort()).toEqual(['byBase', 'byCreated', 'byFormat', 'byOrigin', 'byRef', 'byScope']);
    const manifests = (await database.getAll('snapshots')) as Manifest[];
    expect(manifests.map((m) => [m.id, m.format, m.base])).toEqual([[1, 2, null], [2, 2, 1]]);
    expect(await database.getAll('records')).toEqual(DUMP.stores.records);
    for (const old of DUMP.stores.snapshots) {
      const detail = await getSnapshot(old.id!);
      expect(detail.integrity).toEqual({ damaged: false, problems: [] });
      expect(detail.snapshot).toMatchObject({ origin: old.origin, createdAt: old.createdAt, trigger: old.trigger, tenantId: old.tenantId, pinned: false });
      const expected = old.systems.map((s: EntryV1) =>
        s.status === 'ok'
          ? { status: 'ok', kind: s.kind, id: s.id, name: s.name, connectorTypeString: s.connectorTypeString, contentHash: s.contentHash, recordHash: s.recordHash }
          : s,
      );
      expect(sortByName(detail.systems)).toEqual(sortByName(expected));
    }
    const { records } = await getSnapshotRecords(2);
    for (const r of records) expect(await fullHash(r.record!)).toBe(r.system.recordHash);
    await expectNoOrphans();
  });

  it('goes on from the migrated chain: a new snapshot is a delta, retention re-bases it', async () => {
    await loadV1();
    setClock('2025-12-01T00:00:00.000Z');
    const systems = realSystems();
    const id = await storedId(systems, { origin: DUMP.stores.snapshots[0]!.origin, retention: 1 });
    expect((await listSnapshots()).items.map((s) => s.id)).toEqual([id]);
    expect((await getSnapshot(id)).integrity.damaged).toBe(false);
    await expectNoOrphans();
  });

  it('a format-1 manifest that does not validate is kept, empty and damaged', async () => {
    const broken = { ...DUMP.stores.snapshots[1]!, systems: [{ status: 'ok', name: 'no id or hashes' }] } as unknown as ManifestV1;
    await loadV1([DUMP.stores.snapshots[0]!, broken]);
    const detail = await getSnapshot(2);
    expect(detail.systems).toEqual([]);
    expect(detail.integrity.damaged).toBe(true);
    expect((await getSnapshot(1)).integrity.damaged).toBe(false);
  });
});

function sortByName<T extends { kind: string; name: string }>(list: T[]): T[] {
  return [...list].sort((a, b) => `${a.kind}/${a.name}`.localeCompare(`${b.kind}/${b.name}`));
}

import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { canonicalize } from '@/lib/canonical/jcs';
import { sha256Hex } from '@/lib/canonical/hash';
import { createHandlers } from '@/lib/background/main';
import { db } from '@/lib/snapshots/db';
import { exportStore, importStore, type StoreBackup } from '@/lib/snapshots/backup';
import { listSnapshots, updateSnapshot } from '@/lib/snapshots/store';
import { allManifests, allRecords, changed, contentOf, expectNoOrphans, freshDb, realSystems, storedId } from '../snapshots/helpers.ts';

const OTHER = 'https://other.accounts.cloud.sap';

beforeEach(() => {
  freshDb();
  fakeBrowser.reset();
});

/** Three snapshots of one tenant (one system edited in between) and one of another; one pinned and labelled. */
async function seed(): Promise<number[]> {
  const systems = realSystems();
  const a = await storedId(systems);
  const b = await storedId(systems.map((s, i) => (i === 2 ? changed(s, 'v2') : s)));
  const c = await storedId(systems.map((s, i) => (i === 2 ? changed(s, 'v3') : s)));
  const d = await storedId(systems.slice(0, 4), { origin: OTHER });
  await updateSnapshot(b, { pinned: true, label: 'before go-live' });
  return [a, b, c, d];
}

/** Every snapshot's systems, keyed by tenant and time (ids differ between stores). */
async function everything(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const s of (await listSnapshots({ limit: 500 })).items) {
    out[`${s.origin} ${s.createdAt}`] = { pinned: s.pinned, label: s.label, trigger: s.trigger, systems: await contentOf(s.id) };
  }
  return out;
}

const clone = (b: StoreBackup): StoreBackup => JSON.parse(JSON.stringify(b)) as StoreBackup;

describe('backup and restore of the whole store', () => {
  it('round trip into an empty store: every snapshot, label and pin back; systems listed once', async () => {
    await seed();
    const before = await everything();
    const backup = clone(await exportStore('0.2.0'));
    expect(backup.snapshots).toHaveLength(4);
    // 4 + 1 + 1 distinct systems of tenant one (two edits), the 4 of the other tenant are the same entries.
    expect(backup.systems.length).toBe(realSystems().length + 2);
    expect(backup.records.length).toBe((await allRecords()).length);
    expect(JSON.stringify(backup)).not.toMatch(/"encryptedProperties":\{[^}]*"[^"]+":"/);

    freshDb();
    const result = await importStore(backup, { retention: 50 });
    expect(result).toMatchObject({ added: 4, duplicates: 0, recordsAdded: backup.records.length, warnings: [] });
    expect(await everything()).toEqual(before);
    await expectNoOrphans();
  });

  it('merges without duplicates: a second import adds nothing; a partial overlap adds only what is new', async () => {
    await seed();
    const backup = clone(await exportStore('0.2.0'));
    const again = await importStore(backup, { retention: 50 });
    expect(again).toMatchObject({ added: 0, duplicates: 4, recordsAdded: 0 });
    expect(await allManifests()).toHaveLength(4);

    freshDb();
    await storedId(realSystems().slice(0, 4), { origin: OTHER }); // a different time: not a duplicate
    const recordsBefore = (await allRecords()).length;
    const merged = await importStore(backup, { retention: 50 });
    expect(merged).toMatchObject({ added: 4, duplicates: 0 });
    expect(merged.recordsAdded).toBe(backup.records.length - recordsBefore);
    expect(await allManifests()).toHaveLength(5);
    await expectNoOrphans();
  });

  it('refuses a backup holding a credential value, even with a correct hash; nothing is written', async () => {
    await seed();
    const backup = clone(await exportStore('0.2.0'));
    const entry = backup.records.find((r) => Object.keys(r.record.encryptedProperties ?? {}).length)!;
    const name = Object.keys(entry.record.encryptedProperties!)[0]!;
    entry.record.encryptedProperties = { ...entry.record.encryptedProperties, [name]: 'hunter2' };
    entry.hash = await sha256Hex(canonicalize(entry.record));
    freshDb();
    await expect(importStore(backup, { retention: 50 })).rejects.toMatchObject({ code: 'INVALID_RECORD', message: expect.stringContaining('credential value') });
    expect(await allManifests()).toEqual([]);
    expect(JSON.stringify(await allRecords())).not.toContain('hunter2');
  });

  it.each([
    ['a wrong format', (b: StoreBackup) => void ((b as { format: string }).format = 'zip'), '/format'],
    ['a newer format version', (b: StoreBackup) => void ((b as { formatVersion: number }).formatVersion = 2), '/formatVersion'],
    ['an unknown key', (b: StoreBackup) => void ((b.snapshots[0] as unknown as Record<string, unknown>).extra = 1), '/snapshots/0/extra: is not allowed here'],
    ['a missing field', (b: StoreBackup) => void delete (b.snapshots[1] as Partial<StoreBackup['snapshots'][number]>).createdAt, '/snapshots/1/createdAt: is required'],
    ['a bad origin', (b: StoreBackup) => void (b.snapshots[0]!.origin = 'https://x.example.com/path'), '/snapshots/0/origin'],
    ['an index out of range', (b: StoreBackup) => void (b.snapshots[0]!.systems = [999]), '/snapshots/0/systems refers to system 999'],
  ])('refuses %s with its path', async (_what, edit, message) => {
    await seed();
    const backup = clone(await exportStore('0.2.0'));
    edit(backup);
    freshDb();
    await expect(importStore(backup, { retention: 50 })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining(message) });
    expect(await allManifests()).toEqual([]);
  });

  it('refuses a record changed after the backup was written', async () => {
    await seed();
    const backup = clone(await exportStore('0.2.0'));
    backup.records[0]!.record.name = 'tampered';
    freshDb();
    await expect(importStore(backup, { retention: 50 })).rejects.toMatchObject({ code: 'INVALID_RECORD', message: expect.stringContaining('does not match its hash') });
    expect(await allRecords()).toEqual([]);
  });

  it('leaves a damaged snapshot out of the backup and says so', async () => {
    const [, b, c] = await seed();
    // The v3 record is used by snapshot c only.
    const [before, after] = [await contentOf(b), await contentOf(c)];
    const only = Object.values(after).find((h) => !Object.values(before).includes(h))!;
    const database = await db();
    const stored = (await database.get('records', only))!;
    await database.put('records', { ...stored, record: { ...stored.record, description: 'changed behind our back' } });
    const backup = await exportStore('0.2.0');
    expect(backup.omitted).toEqual([{ origin: expect.any(String), createdAt: expect.any(String), problems: [expect.stringMatching(/no longer matches its hash/)] }]);
    expect(backup.snapshots).toHaveLength(3);
    expect(backup.records.map((r) => r.hash)).not.toContain(only);
  });

  it('warns when a tenant now holds more than the retention keeps', async () => {
    await seed();
    const backup = clone(await exportStore('0.2.0'));
    freshDb();
    const result = await importStore(backup, { retention: 2 });
    expect(result.added).toBe(4);
    expect(result.warnings).toEqual([expect.stringMatching(/now has 3 snapshots, more than the retention of 2/)]);
  });

  it('backup messages are refused from a console page', async () => {
    const handlers = createHandlers('0.2.0');
    const consolePage = { url: 'https://t.accounts.ondemand.com/ips/', tabId: 3 };
    await expect(handlers['store.import']({ backup: {} }, consolePage)).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('options page only') });
    await expect(handlers['store.export']({}, consolePage)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(handlers['store.import']({ backup: {} }, {})).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('/format: is required') });
  });
});

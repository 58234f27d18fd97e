import { beforeEach, describe, expect, it } from 'vitest';
import { createHandlers } from '@/lib/background/main';
import { db } from '@/lib/snapshots/db';
import { ingestExport } from '@/lib/snapshots/ingest';
import { getSnapshot, listSnapshots } from '@/lib/snapshots/store';
import type { IngestRequest, SnapshotTrigger } from '@/lib/messaging/protocol';
import type { SystemFile } from '@/lib/model/system';
import { ALL_KINDS, allManifests, asFile, changed, freshDb, ORIGIN, realSystems, storedId } from './helpers.ts';

beforeEach(freshDb);

let minute = 0;

/** What the content script sends for a snapshot without download (compare with live, scheduled). */
function live(systems: SystemFile[], over: Partial<IngestRequest> = {}) {
  minute++;
  return ingestExport(
    { origin: ORIGIN, trigger: 'manual', kinds: ALL_KINDS, files: systems.map(asFile), failed: [], store: true, skipIfUnchanged: true, ...over },
    { extensionVersion: '0.2.0', retention: 50, now: new Date(Date.parse('2025-12-01T09:00:00.000Z') + minute * 60_000) },
  );
}

describe('an unchanged tenant keeps no new snapshot (skipIfUnchanged)', () => {
  it.each<SnapshotTrigger>(['manual', 'scheduled'])('%s: identical → the newest snapshot is reused, nothing is stored', async (trigger) => {
    const systems = realSystems();
    const first = await storedId(systems);
    const before = await allManifests();
    for (let i = 0; i < 3; i++) {
      const result = await live(systems, { trigger });
      expect(result).toMatchObject({ snapshotId: first, reused: true, storeError: null });
      expect(result.entries.filter((e) => e.status === 'ok')).toHaveLength(systems.length);
    }
    expect(await allManifests()).toEqual(before);
    expect((await listSnapshots({ origin: ORIGIN })).total).toBe(1);
  });

  it('the newest of several is the one reused; an older identical one is not', async () => {
    const systems = realSystems();
    const edited = systems.map((s, i) => (i === 2 ? changed(s, 'v2') : s));
    await storedId(systems);
    const second = await storedId(edited);
    expect(await live(edited)).toMatchObject({ snapshotId: second, reused: true });
    // Back to the first state: it differs from the newest, so a snapshot is kept.
    const back = await live(systems);
    expect(back.reused).toBe(false);
    expect(back.snapshotId).toBeGreaterThan(second);
    expect(await allManifests()).toHaveLength(3);
  });

  it('one system changed → a new snapshot holding the change', async () => {
    const systems = realSystems();
    const first = await storedId(systems);
    const edited = systems.map((s, i) => (i === 3 ? changed(s, 'v2') : s));
    const result = await live(edited);
    expect(result.reused).toBe(false);
    expect(result.snapshotId).not.toBe(first);
    const detail = await getSnapshot(result.snapshotId!);
    expect(detail.snapshot.trigger).toBe('manual');
    expect(detail.systems).toHaveLength(systems.length);
    expect(await allManifests()).toHaveLength(2);
  });

  it('a system added, removed or renamed → a new snapshot', async () => {
    const systems = realSystems();
    await storedId(systems);
    expect((await live(systems.slice(1))).reused).toBe(false);
    expect((await live(systems)).reused).toBe(false);
    expect((await live(systems.map((s, i) => (i === 0 ? { ...s, name: `${s.name} renamed` } : s)))).reused).toBe(false);
    expect(await allManifests()).toHaveLength(4);
  });

  it('a system that failed to export now → a new snapshot (the failure is news, not proof of the state)', async () => {
    const systems = realSystems();
    await storedId(systems);
    const [gone, ...rest] = systems;
    const result = await live(rest, { failed: [{ kind: asFile(gone!).kind, id: gone!.id ?? '', name: gone!.name, reason: 'The console answered 500.' }] });
    expect(result.reused).toBe(false);
    expect(await allManifests()).toHaveLength(2);
  });

  it('exports and "Snapshot now" without the option always store, even when unchanged', async () => {
    const systems = realSystems();
    const first = await storedId(systems);
    const exported = await live(systems, { trigger: 'export' });
    expect(exported).toMatchObject({ reused: false });
    expect(exported.snapshotId).not.toBe(first);
    const snapshotNow = await live(systems, { skipIfUnchanged: undefined });
    expect(snapshotNow.reused).toBe(false);
    expect(snapshotNow.snapshotId).not.toBe(exported.snapshotId);
    expect(await allManifests()).toHaveLength(3);
  });

  it('no earlier snapshot, or only a partial one (selection) → a new snapshot; the full one is reused past a newer partial one', async () => {
    const systems = realSystems();
    const firstLive = await live(systems);
    expect(firstLive.reused).toBe(false);
    const partial = await live(systems.slice(0, 2), { trigger: 'selection', skipIfUnchanged: undefined });
    expect(partial.snapshotId).toBeGreaterThan(firstLive.snapshotId!);
    expect(await live(systems)).toMatchObject({ snapshotId: firstLive.snapshotId, reused: true });
  });

  it('another tenant’s identical snapshot is never reused', async () => {
    const systems = realSystems();
    await storedId(systems, { origin: 'https://other.accounts.ondemand.com' });
    expect((await live(systems)).reused).toBe(false);
  });

  it('a damaged newest snapshot is not reused: a new, intact one is stored', async () => {
    const systems = realSystems();
    const first = await storedId(systems);
    const victim = (await getSnapshot(first)).systems.find((s) => s.status === 'ok')!;
    if (victim.status !== 'ok') throw new Error('expected ok');
    const d = await db();
    const stored = (await d.get('records', victim.recordHash))!;
    (stored.record.properties as Record<string, string>).URL = 'https://evil.example.com';
    await d.put('records', stored);
    const result = await live(systems);
    expect(result.reused).toBe(false);
    expect(result.snapshotId).not.toBe(first);
    expect((await getSnapshot(result.snapshotId!)).integrity.damaged).toBe(false);
  });

  it('does not count toward retention: repeated unchanged compares evict nothing', async () => {
    const systems = realSystems();
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) ids.push(await storedId(systems.map((s, j) => (j === 0 ? changed(s, `v${i}`) : s)), { retention: 3 }));
    const latest = systems.map((s, j) => (j === 0 ? changed(s, 'v2') : s));
    for (let i = 0; i < 5; i++) {
      const r = await ingestExport(
        { origin: ORIGIN, trigger: 'scheduled', kinds: ALL_KINDS, files: latest.map(asFile), failed: [], store: true, skipIfUnchanged: true },
        { extensionVersion: '0.2.0', retention: 3 },
      );
      expect(r).toMatchObject({ snapshotId: ids[2], reused: true });
    }
    expect((await allManifests()).map((m) => m.id)).toEqual(ids);
  });
});

describe('the export.ingest message', () => {
  const handlers = createHandlers('0.2.0');
  const payload = (over: Record<string, unknown> = {}) => ({ origin: ORIGIN, trigger: 'manual', kinds: ALL_KINDS, files: realSystems().map(asFile), failed: [], store: true, ...over });

  it('checks skipIfUnchanged and passes it on', async () => {
    await expect(handlers['export.ingest'](payload({ skipIfUnchanged: 'yes' }) as never, {})).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('skipIfUnchanged must be true or false') });
    const first = await handlers['export.ingest'](payload({ skipIfUnchanged: false }) as never, {});
    expect(first.reused).toBe(false);
    expect(await handlers['export.ingest'](payload({ skipIfUnchanged: true }) as never, {})).toMatchObject({ snapshotId: first.snapshotId, reused: true });
    expect((await handlers['export.ingest'](payload() as never, {})).reused).toBe(false);
    expect(await allManifests()).toHaveLength(2);
  });
});

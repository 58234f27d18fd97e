import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createHandlers } from '@/lib/background/main';
import type { MessageName, RequestOf, ResultOf } from '@/lib/messaging/protocol';
import { SCHEDULE_ALARM, runScheduledSnapshots } from '@/lib/snapshots/schedule';
import { allManifests, allRecords, asFile, freshDb, ORIGIN, realSystems } from './helpers.ts';

const handlers = createHandlers('0.2.0');
const fromPopup = {};
const fromConsole = { url: `${ORIGIN}/ips/#/sourceSystems`, tabId: 4 };

function call<K extends MessageName>(name: K, payload: unknown, sender: { url?: string; tabId?: number } = fromPopup): Promise<ResultOf<K>> {
  return (handlers[name] as (p: RequestOf<K>, s: typeof sender) => Promise<ResultOf<K>>)(payload as RequestOf<K>, sender);
}

const ingest = (over: Record<string, unknown> = {}) => ({ origin: ORIGIN, trigger: 'export', kinds: ['source', 'target', 'proxy'], files: realSystems().map(asFile), failed: [], store: true, ...over });

beforeEach(() => {
  freshDb();
  fakeBrowser.reset();
});

describe('background handlers', () => {
  it.each([
    [{ ...ingest(), files: [{ kind: 'robot', id: '1', name: 'x', text: '{}' }] }, 'files/0/kind must be one of source, target, proxy'],
    [{ ...ingest(), origin: 'https://evil.example.com/path' }, 'origin must be a web origin'],
    [{ ...ingest(), trigger: 'pre-write' }, 'trigger must be one of'],
    [{ ...ingest(), store: 'yes' }, 'store must be true or false'],
    [null, 'the export must be an object'],
  ])('refuses a malformed export %#', async (payload, message) => {
    await expect(call('export.ingest', payload)).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining(message) });
    expect(await allManifests()).toEqual([]);
  });

  it('a console page stores snapshots of its own tenant only', async () => {
    await expect(call('export.ingest', ingest({ origin: 'https://other.accounts.ondemand.com' }), fromConsole)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const result = await call('export.ingest', ingest(), fromConsole);
    expect(result.snapshotId).toBe(1);
  });

  it('pre-image: drops leaked credential values with a warning; refuses what does not validate', async () => {
    const systems = realSystems();
    const leaky = systems.find((s) => Object.keys(s.encryptedProperties ?? {}).length)!;
    const leaked = { ...leaky, encryptedProperties: Object.fromEntries(Object.keys(leaky.encryptedProperties!).map((k) => [k, 'hunter2'])) };
    const { snapshotId, warnings } = await call('snapshots.preImage', { origin: ORIGIN, records: [leaked, systems[0]] }, fromConsole);
    expect(warnings).toEqual([expect.stringContaining(`"${leaky.name}"`)]);
    expect(JSON.stringify(await allRecords())).not.toContain('hunter2');
    const detail = await call('snapshots.get', { id: snapshotId });
    expect(detail.snapshot.trigger).toBe('pre-write');
    expect(detail.systems.map((s) => s.name).sort()).toEqual([leaky.name, systems[0]!.name].sort());
    const invalid = { ...systems[1], accessMode: 'SIDEWAYS' };
    await expect(call('snapshots.preImage', { origin: ORIGIN, records: [invalid] })).rejects.toMatchObject({ code: 'INVALID_RECORD', message: expect.stringContaining('/accessMode') });
    expect(await allManifests()).toHaveLength(1);
  });

  it('pins, labels, lists, deletes and reports storage', async () => {
    vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({ manifest_version: 3, name: 'x', version: '0.2.0', permissions: ['unlimitedStorage'] });
    const { snapshotId } = await call('export.ingest', ingest());
    await call('export.ingest', ingest());
    expect(await call('snapshots.update', { id: snapshotId, pinned: true, label: 'gold' })).toMatchObject({ pinned: true, label: 'gold' });
    await expect(call('snapshots.update', { id: snapshotId, label: 7 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await call('snapshots.tenants', {})).toEqual([{ origin: ORIGIN, tenantId: expect.any(String), count: 2, lastCreatedAt: expect.any(String) }]);
    const storage = await call('snapshots.storage', {});
    expect(storage).toMatchObject({ snapshots: 2, records: realSystems().length, unlimitedStorage: true });
    expect(storage.recordBytes).toBeGreaterThan(10_000);
    expect(await call('snapshots.delete', { ids: [snapshotId] })).toEqual({ deleted: [snapshotId], collected: 0 });
    expect((await call('snapshots.list', { origin: ORIGIN })).total).toBe(1);
  });

  it('settings: defaults, validation, retention applied at once, the alarm follows the schedule', async () => {
    expect(await call('settings.get', {})).toEqual({ retention: 50, scheduled: { enabled: false, intervalMinutes: 60 } });
    await expect(call('settings.set', { retention: 0 })).rejects.toMatchObject({ message: expect.stringContaining('retention must be a whole number from 1 to 1000') });
    for (let i = 0; i < 3; i++) await call('export.ingest', ingest());
    await call('settings.set', { retention: 2 });
    expect(await allManifests()).toHaveLength(2);
    await call('settings.set', { scheduled: { enabled: true, intervalMinutes: 30 } });
    expect(await fakeBrowser.alarms.get(SCHEDULE_ALARM)).toMatchObject({ periodInMinutes: 30 });
    expect(await call('settings.get', {})).toEqual({ retention: 2, scheduled: { enabled: true, intervalMinutes: 30 } });
    await call('settings.set', { scheduled: { enabled: false } });
    expect(await fakeBrowser.alarms.get(SCHEDULE_ALARM)).toBeUndefined();
  });

  it('a scheduled run asks one console tab per tenant, and none when switched off', async () => {
    vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({ manifest_version: 3, name: 'x', version: '1', content_scripts: [{ matches: ['https://*.accounts.ondemand.com/*'] }] });
    const query = vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([
      { id: 1, url: `${ORIGIN}/ips/#/sourceSystems` },
      { id: 2, url: `${ORIGIN}/ips/#/targetSystems` },
      { id: 3, url: `${ORIGIN}/admin/` },
      { id: 5, url: 'https://b.accounts.ondemand.com/ips/' },
    ] as never);
    const send = vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation(async (tabId: number) => {
      if (tabId === 5) throw new Error('Receiving end does not exist.');
    });
    expect(await runScheduledSnapshots()).toEqual([]);
    await call('settings.set', { scheduled: { enabled: true } });
    expect(await runScheduledSnapshots()).toEqual([
      { origin: ORIGIN, tabId: 1, ok: true, error: null },
      { origin: 'https://b.accounts.ondemand.com', tabId: 5, ok: false, error: 'Receiving end does not exist.' },
    ]);
    expect(query).toHaveBeenLastCalledWith({ url: ['https://*.accounts.ondemand.com/*'] });
    expect(send).toHaveBeenCalledWith(1, { ipx: 'content.snapshotNow' });
  });
});

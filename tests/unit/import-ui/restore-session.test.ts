/**
 * Restore of a stored snapshot through the background's import session: import.restore → plan (with
 * the live tenant) → decide → start (pre-image) → progress → undo, on fake-indexeddb.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createImportHandlers } from '@/lib/background/import.ts';
import type { ImportProtocol, LiveInput, LiveSystemInput } from '@/lib/import/messages.ts';
import { createBody } from '@/lib/import/payload.ts';
import type { IngestFailure, SnapshotTrigger } from '@/lib/messaging/protocol.ts';
import type { SystemFile, SystemKind } from '@/lib/model/system.ts';
import { db } from '@/lib/snapshots/db.ts';
import { ingestExport } from '@/lib/snapshots/ingest.ts';
import { getSnapshot, getSnapshotRecords } from '@/lib/snapshots/store.ts';
import { asFile, freshDb } from '../snapshots/helpers.ts';
import { ORIGIN, OTHER_ORIGIN, record } from '../import/helpers.ts';

const handlers = createImportHandlers(async () => ({ extensionVersion: '0.1.0', retention: 10 }));
const fromConsole = { url: `${ORIGIN}/ips/#/sourceSystems`, tabId: 3 };

function call<K extends keyof ImportProtocol>(name: K, payload: ImportProtocol[K]['request'] | Record<string, unknown>, sender = fromConsole): Promise<ImportProtocol[K]['result']> {
  return (handlers[name] as (p: unknown, s: typeof sender) => Promise<ImportProtocol[K]['result']>)(payload, sender);
}

const SA = 'db47bf8b-ea67-4f42-9b4f-c6d5c8aa4493'; // S4A import source
const SP = 'baabac8c-4c5d-4701-a142-a720be719ccc'; // SAP provisioning source
const BT = 'aec65f88-2e40-480c-bb58-ddf248beebc8'; // BTP CF provisioning target
const ST = '61b2b3d4-f4c6-4c44-8383-ff0350e2b866'; // S4A import target
const BS = 'a03f12e6-446c-4f6a-87ad-d3547c51bf7e'; // BTP CF import source (has a Password)

const snapshotRecords = () => [record('S4Aimportsource.json'), record('SAPprovisioningsource.json'), record('BTPCFprovisioningtarget.json'), record('S4Aimporttarget.json')];
const TRACE = 'ips.trace.failed.entity.content';
const SNAPSHOT_AT = '2026-02-01T08:30:00.000Z';
const SOURCE_TEXT = 'snapshot #1 of 2026-02-01 08:30 UTC';

async function storeSnapshot(records: SystemFile[], options: { origin?: string; kinds?: SystemKind[]; failed?: IngestFailure[]; trigger?: SnapshotTrigger } = {}): Promise<number> {
  const result = await ingestExport(
    { origin: options.origin ?? ORIGIN, trigger: options.trigger ?? 'export', kinds: options.kinds ?? ['source', 'target'], files: records.map(asFile), failed: options.failed ?? [], store: true },
    { extensionVersion: '0.1.0', retention: 10, now: new Date(SNAPSHOT_AT) },
  );
  if (result.snapshotId === null) throw new Error(result.storeError ?? 'not stored');
  return result.snapshotId;
}

const entry = (r: SystemFile): LiveSystemInput => ({ id: String(r.id), name: r.name, accessMode: r.accessMode, systemManagementType: r.systemManagementType ?? null, record: r });
const live = (records: SystemFile[], listed: LiveSystemInput[] = []): LiveInput => ({ tenantId: 'teched2025-00', systems: [...records.map(entry), ...listed] });

/** BTP CF provisioning target as it is in the tenant now: a property changed (and optionally a mapping less). */
const changedTarget = (mappingLess = false) =>
  record('BTPCFprovisioningtarget.json', (r) => {
    r.properties[TRACE] = 'changed live';
    if (mappingLess) r.transformation.user.mappings.pop();
  });

/**
 * The tenant since the snapshot: the S4A import source was deleted, the SAP provisioning source renamed,
 * the BTP CF provisioning target changed, the S4A import target is as it was; the BTP CF import source was
 * created (offered for deletion); a proxy (a kind the snapshot does not hold) and a target of the list
 * only (no record read) are never offered.
 */
const tenantNow = (): LiveInput =>
  live(
    [
      record('SAPprovisioningsource.json', (r) => (r.name = 'SAP provisioning source renamed')),
      changedTarget(),
      record('S4Aimporttarget.json'),
      record('BTPCFimportsource.json'),
      record('NON-SAPimportsource.json', (r) => ((r.id = 'proxy-1'), (r.name = 'Some proxy'), (r.accessMode = 'PROXY'))),
    ],
    [{ id: 'listed-1', name: 'Listed target', accessMode: 'WRITE', systemManagementType: null }],
  );

beforeEach(() => {
  freshDb();
  fakeBrowser.reset();
});

describe('restore of a whole snapshot', () => {
  it('plans update, create and a deletion row, applies with a pre-image, and undoes a deletion by creating it again', async () => {
    const id = await storeSnapshot(snapshotRecords());
    expect(id).toBe(1);
    const read = await call('import.restore', { origin: ORIGIN, snapshotId: id });
    expect(read.restore).toEqual({ snapshotId: 1, snapshotOrigin: ORIGIN, createdAt: SNAPSHOT_AT, label: null, part: null, deleteKinds: ['source', 'target'], keepNames: [] });
    // In the snapshot's order (by kind, then id).
    expect(read.items.map((i) => [i.key, i.file, i.name, i.id])).toEqual([
      [`snapshot:source:${SP}`, 'snapshot #1', 'SAP provisioning source', SP],
      [`snapshot:source:${SA}`, 'snapshot #1', 'S4A import source', SA],
      [`snapshot:target:${ST}`, 'snapshot #1', 'S4A import target', ST],
      [`snapshot:target:${BT}`, 'snapshot #1', 'BTP CF provisioning target', BT],
    ]);

    // The page's scope does not limit a restore: every kind of the snapshot is planned.
    const plan = await call('import.plan', { origin: ORIGIN, scope: 'target', live: tenantNow() });
    expect(plan.scope).toBe('all');
    expect(plan.restore).toEqual(read.restore);
    expect(plan.items.map((i) => [i.key, i.action, i.available, i.onlyInTenant, i.match?.by ?? null])).toEqual([
      [`snapshot:source:${SP}`, 'update', ['update', 'copy', 'skip'], false, 'id'],
      [`snapshot:source:${SA}`, 'create', ['create', 'copy', 'skip'], false, null],
      [`snapshot:target:${ST}`, 'skip', ['update', 'copy', 'skip'], false, 'id'],
      [`snapshot:target:${BT}`, 'update', ['update', 'copy', 'skip'], false, 'id'],
      [`tenant:${BS}`, 'skip', ['delete', 'skip'], true, 'id'],
    ]);
    expect(plan.items[0]).toMatchObject({ renames: true, fromThisTenant: true, match: { name: 'SAP provisioning source renamed' } });
    expect(plan.items[3]!.totals).toMatchObject({ properties: 1, mappings: 0 });
    expect(plan.items[4]).toMatchObject({ name: 'BTP CF import source', file: 'only in the tenant', proposed: 'skip', credentialNames: ['Password'], diffStatus: 'unchanged' });
    expect(plan.counts).toEqual({ create: 1, update: 2, copy: 0, skip: 2, delete: 0 });
    expect(plan.blocked).toBe(false);

    const decided = await call('import.decide', { origin: ORIGIN, decisions: { [`tenant:${BS}`]: { action: 'delete' } } });
    expect(decided.counts).toEqual({ create: 1, update: 2, copy: 0, skip: 1, delete: 1 });
    expect(decided.items[4]).toMatchObject({ action: 'delete', diffStatus: 'removed', problems: [] });
    const diff = await call('import.diff', { origin: ORIGIN, key: `tenant:${BS}`, showVolatile: false });
    expect(diff.against).toEqual({ id: BS, name: 'BTP CF import source' });
    expect(diff.diff.status).toBe('removed');

    const started = await call('import.start', { origin: ORIGIN });
    expect(started.status).toBe('applying');
    expect(started.steps.map((s) => [s.method, s.key, s.systemId ?? null, s.credentialNames])).toEqual([
      ['PUT', `snapshot:source:${SP}`, SP, []],
      ['POST', `snapshot:source:${SA}`, null, []],
      ['PUT', `snapshot:target:${BT}`, BT, []],
      ['DELETE', `tenant:${BS}`, BS, []],
    ]);
    expect(started.steps[0]!.body.name).toBe('SAP provisioning source');
    expect(started.steps[2]!.body.properties![TRACE]).toBe(record('BTPCFprovisioningtarget.json').properties![TRACE]);
    expect(started.steps[3]!.expectHash).toMatch(/^[0-9a-f]{64}$/);

    // The pre-image holds what the restore overwrites or deletes, as it is in the tenant now.
    const pre = await getSnapshotRecords(started.snapshotId!);
    expect(pre.snapshot).toMatchObject({ trigger: 'pre-write', origin: ORIGIN, note: 'Before restoring 4 systems from snapshot #1 with IPS Snapshots' });
    expect(pre.records.map((r) => r.record!.name).sort()).toEqual(['BTP CF import source', 'BTP CF provisioning target', 'SAP provisioning source renamed']);
    expect(pre.records.find((r) => r.system.id === BT)!.record!.properties![TRACE]).toBe('changed live');
    expect(pre.records.find((r) => r.system.id === BS)!.record).toEqual(record('BTPCFimportsource.json'));

    expect(await call('import.progress', { origin: ORIGIN, key: `snapshot:source:${SA}`, outcome: { status: 'created', id: 'new-1', contentHash: 'h1', warnings: [] } })).toEqual({ status: 'applying' });
    await call('import.progress', { origin: ORIGIN, key: `snapshot:source:${SP}`, outcome: { status: 'updated', id: SP, contentHash: 'h2', warnings: [] } });
    await call('import.progress', { origin: ORIGIN, key: `snapshot:target:${BT}`, outcome: { status: 'updated', id: BT, contentHash: 'h3', warnings: [] } });
    expect(await call('import.progress', { origin: ORIGIN, key: `tenant:${BS}`, outcome: { status: 'deleted', id: BS } })).toEqual({ status: 'applied' });

    const applied = (await call('import.session', { origin: ORIGIN }))!;
    expect(applied.outcomes[`tenant:${BS}`]).toEqual({ status: 'deleted', id: BS });
    // Creating the deleted system again needs its credentials typed anew.
    expect(applied.undoCredentials).toEqual([{ key: `tenant:${BS}`, systemName: 'BTP CF import source', name: 'Password' }]);

    const undo = await call('import.undo', { origin: ORIGIN, records: [record('S4Aimportsource.json', (r) => (r.id = 'new-1'))] });
    expect(undo.status).toBe('undoing');
    expect((await getSnapshotRecords(undo.undoSnapshotId!)).snapshot.note).toBe('Before undoing the restore of snapshot #1 with IPS Snapshots');
    expect(undo.undoSteps.map((s) => [s.method, s.key, s.systemId, s.expectHash])).toEqual([
      ['POST', `tenant:${BS}`, BS, ''],
      ['PUT', `snapshot:target:${BT}`, BT, 'h3'],
      ['DELETE', `snapshot:source:${SA}`, 'new-1', 'h1'],
      ['PUT', `snapshot:source:${SP}`, SP, 'h2'],
    ]);
    expect(undo.undoSteps[0]).toMatchObject({ name: 'BTP CF import source', kind: 'source', credentialNames: ['Password'], body: createBody(record('BTPCFimportsource.json')) });
    expect(undo.undoSteps[0]!.body!.encryptedProperties).toEqual({ Password: null });
    expect(undo.undoSteps[0]!.body).not.toHaveProperty('id');
    expect(undo.undoSteps[3]!.body!.name).toBe('SAP provisioning source renamed');

    await call('import.undoProgress', { origin: ORIGIN, key: `tenant:${BS}`, outcome: { status: 'recreated' } });
    await call('import.undoProgress', { origin: ORIGIN, key: `snapshot:target:${BT}`, outcome: { status: 'restored' } });
    await call('import.undoProgress', { origin: ORIGIN, key: `snapshot:source:${SA}`, outcome: { status: 'deleted' } });
    expect(await call('import.undoProgress', { origin: ORIGIN, key: `snapshot:source:${SP}`, outcome: { status: 'restored' } })).toEqual({ status: 'undone' });
    expect((await call('import.session', { origin: ORIGIN }))!.undoOutcomes[`tenant:${BS}`]).toEqual({ status: 'recreated' });
  });

  it('never offers a system the snapshot failed to export', async () => {
    const id = await storeSnapshot(snapshotRecords(), { failed: [{ kind: 'source', id: BS, name: 'BTP CF import source', reason: 'The console answered 500.' }] });
    const read = await call('import.restore', { origin: ORIGIN, snapshotId: id });
    expect(read.restore).toMatchObject({ deleteKinds: ['source', 'target'], keepNames: ['BTP CF import source'] });
    expect(read.items).toHaveLength(4);
    const plan = await call('import.plan', { origin: ORIGIN, scope: 'all', live: tenantNow() });
    expect(plan.items.filter((i) => i.onlyInTenant)).toEqual([]);
  });

  it('a snapshot of only some systems (selection, pre-write) offers no deletions', async () => {
    for (const trigger of ['selection', 'pre-write'] as const) {
      freshDb();
      const id = await storeSnapshot(snapshotRecords(), { trigger });
      const read = await call('import.restore', { origin: ORIGIN, snapshotId: id });
      expect(read.restore).toMatchObject({ deleteKinds: [], keepNames: [] });
      const plan = await call('import.plan', { origin: ORIGIN, scope: 'all', live: tenantNow() });
      expect(plan.items.map((i) => i.onlyInTenant)).toEqual([false, false, false, false]);
    }
  });

  it('a second restore (or import) while one is applying is refused', async () => {
    const id = await storeSnapshot(snapshotRecords());
    await call('import.restore', { origin: ORIGIN, snapshotId: id });
    await call('import.plan', { origin: ORIGIN, scope: 'all', live: tenantNow() });
    await call('import.start', { origin: ORIGIN });
    await expect(call('import.restore', { origin: ORIGIN, snapshotId: id })).rejects.toMatchObject({ code: 'PENDING_IMPORT' });
    await expect(call('import.read', { origin: ORIGIN, inputs: [] })).rejects.toMatchObject({ code: 'PENDING_IMPORT' });
    // The running restore is untouched.
    expect((await call('import.session', { origin: ORIGIN }))!).toMatchObject({ status: 'applying', plan: { restore: { snapshotId: id } } });
  });

  it('a second restore while one is only planned replaces it', async () => {
    const id = await storeSnapshot(snapshotRecords());
    await call('import.restore', { origin: ORIGIN, snapshotId: id });
    await call('import.plan', { origin: ORIGIN, scope: 'all', live: tenantNow() });
    const again = await call('import.restore', { origin: ORIGIN, snapshotId: id, systems: [ST] });
    expect(again.items.map((i) => i.key)).toEqual([`snapshot:target:${ST}`]);
    // Read, not planned yet: no session to show; the next plan is of the new restore.
    expect(await call('import.session', { origin: ORIGIN })).toBeNull();
    const plan = await call('import.plan', { origin: ORIGIN, scope: 'all', live: tenantNow() });
    expect(plan.items.map((i) => i.key)).toEqual([`snapshot:target:${ST}`]);
    expect(plan.restore).toMatchObject({ deleteKinds: [] });
  });
});

describe('restore of chosen systems or one part', () => {
  it('chosen systems: only those are read, nothing is offered for deletion', async () => {
    const id = await storeSnapshot(snapshotRecords());
    const read = await call('import.restore', { origin: ORIGIN, snapshotId: id, systems: [BT, SA] });
    expect(read.items.map((i) => i.name)).toEqual(['S4A import source', 'BTP CF provisioning target']);
    expect(read.restore).toMatchObject({ part: null, deleteKinds: [], keepNames: [] });
    const plan = await call('import.plan', { origin: ORIGIN, scope: 'all', live: tenantNow() });
    expect(plan.items.map((i) => [i.name, i.action, i.onlyInTenant])).toEqual([
      ['S4A import source', 'create', false],
      ['BTP CF provisioning target', 'update', false],
    ]);
  });

  it('transformation only: the live properties stay, the change description is prefilled', async () => {
    const id = await storeSnapshot(snapshotRecords());
    const read = await call('import.restore', { origin: ORIGIN, snapshotId: id, systems: [BT], part: 'transformation' });
    expect(read.restore).toMatchObject({ part: 'transformation', deleteKinds: [] });
    const plan = await call('import.plan', { origin: ORIGIN, scope: 'all', live: live([changedTarget(true), record('S4Aimporttarget.json'), record('BTPCFimportsource.json')]) });
    expect(plan.items).toHaveLength(1);
    const item = plan.items[0]!;
    expect(item).toMatchObject({ key: `snapshot:target:${BT}`, action: 'update', transformationChanged: true, urlChanged: false, changeDescriptionNeeded: true, credentialsNeeded: [] });
    expect(item.changeDescription).toMatch(new RegExp(`^Restored with IPS Snapshots from ${SOURCE_TEXT} on \\d{4}-\\d{2}-\\d{2}$`));
    // Only the mapping comes back; the changed property is not part of the restore.
    expect(item.totals).toMatchObject({ properties: 0, metadata: 0, mappings: 1 });
    expect(plan.totals).toMatchObject({ properties: 0, mappings: 1 });

    const started = await call('import.start', { origin: ORIGIN });
    expect(started.steps).toHaveLength(1);
    const step = started.steps[0]!;
    expect(step).toMatchObject({ method: 'PUT', systemId: BT, changeDescription: item.changeDescription });
    expect(step.body.properties![TRACE]).toBe('changed live');
    expect(step.body.transformation).toEqual(record('BTPCFprovisioningtarget.json').transformation);
    const pre = await getSnapshotRecords(started.snapshotId!);
    expect(pre.snapshot.note).toBe('Before restoring 1 system from snapshot #1 with IPS Snapshots');
  });

  it('properties only: the live transformation stays, no change description', async () => {
    const id = await storeSnapshot(snapshotRecords());
    await call('import.restore', { origin: ORIGIN, snapshotId: id, systems: [BT], part: 'properties' });
    const plan = await call('import.plan', { origin: ORIGIN, scope: 'all', live: live([changedTarget(true)]) });
    expect(plan.items[0]).toMatchObject({ action: 'update', transformationChanged: false, changeDescriptionNeeded: false });
    expect(plan.items[0]!.totals).toMatchObject({ properties: 1, mappings: 0 });
  });

  it('a part of a system no longer in the tenant cannot be restored', async () => {
    const id = await storeSnapshot(snapshotRecords());
    await call('import.restore', { origin: ORIGIN, snapshotId: id, systems: [SA], part: 'properties' });
    const plan = await call('import.plan', { origin: ORIGIN, scope: 'all', live: tenantNow() });
    expect(plan.items.map((i) => [i.action, i.available, i.partUnmatched])).toEqual([['skip', ['skip'], true]]);
    expect(plan.items[0]!.problems.map((p) => [p.code, p.level])).toEqual([['part-unmatched', 'error']]);
    await expect(call('import.start', { origin: ORIGIN })).rejects.toMatchObject({ code: 'BLOCKED' });
  });

  it.each([
    { label: 'a part without a system', payload: { part: 'properties' }, message: /exactly one system/ },
    { label: 'a part of two systems', payload: { part: 'transformation', systems: [BT, ST] }, message: /exactly one system/ },
    { label: 'an unknown part', payload: { part: 'credentials', systems: [BT] }, message: /part/ },
    { label: 'an empty system list', payload: { systems: [] }, message: /at least one system/ },
  ])('refuses $label', async ({ payload, message }) => {
    const id = await storeSnapshot(snapshotRecords());
    await expect(call('import.restore', { origin: ORIGIN, snapshotId: id, ...payload })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(message) });
  });

  it('a system the snapshot does not hold is refused', async () => {
    const id = await storeSnapshot(snapshotRecords());
    await expect(call('import.restore', { origin: ORIGIN, snapshotId: id, systems: ['no-such-id'] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('restore of another tenant or a damaged snapshot', () => {
  it('another tenant needs crossTenant; then it plans by name', async () => {
    const id = await storeSnapshot(snapshotRecords(), { origin: OTHER_ORIGIN });
    await expect(call('import.restore', { origin: ORIGIN, snapshotId: id })).rejects.toMatchObject({
      code: 'CROSS_TENANT',
      message: expect.stringContaining(`is of ${OTHER_ORIGIN}, not of ${ORIGIN}`),
    });
    await expect(call('import.restore', { origin: ORIGIN, snapshotId: id, crossTenant: 'yes' })).rejects.toMatchObject({ code: 'CROSS_TENANT' });
    expect(await call('import.session', { origin: ORIGIN })).toBeNull();

    const read = await call('import.restore', { origin: ORIGIN, snapshotId: id, crossTenant: true });
    // The other tenant's own systems were not created since the snapshot: none is offered for deletion.
    expect(read.restore).toMatchObject({ snapshotOrigin: OTHER_ORIGIN, snapshotId: id, deleteKinds: [] });
    const plan = await call('import.plan', {
      origin: ORIGIN,
      scope: 'all',
      live: live([record('S4Aimportsource.json'), record('SAPprovisioningsource.json', (r) => (r.name = 'SAP provisioning source renamed')), changedTarget(), record('S4Aimporttarget.json')]),
    });
    expect(plan.items.filter((i) => i.onlyInTenant)).toEqual([]);
    const items = plan.items;
    expect(items.map((i) => [i.name, i.fromThisTenant, i.match?.by ?? null, i.action])).toEqual([
      // Ids only match within one tenant: the renamed system is not found, the snapshot's is created.
      ['SAP provisioning source', false, null, 'create'],
      ['S4A import source', false, 'name', 'skip'],
      ['S4A import target', false, 'name', 'skip'],
      ['BTP CF provisioning target', false, 'name', 'update'],
    ]);
  });

  it('a damaged snapshot is refused and no session is started', async () => {
    const id = await storeSnapshot(snapshotRecords());
    const victim = (await getSnapshot(id)).systems.find((s) => s.id === BT)!;
    if (victim.status !== 'ok') throw new Error('expected an ok entry');
    const d = await db();
    const stored = (await d.get('records', victim.recordHash))!;
    (stored.record as Record<string, any>).properties.URL = 'https://evil.example.com';
    await d.put('records', stored);
    await expect(call('import.restore', { origin: ORIGIN, snapshotId: id })).rejects.toMatchObject({ code: 'SNAPSHOT_DAMAGED', message: expect.stringContaining('cannot be used to restore') });
    await expect(call('import.restore', { origin: ORIGIN, snapshotId: id, systems: [ST] })).rejects.toMatchObject({ code: 'SNAPSHOT_DAMAGED' });
    expect(await call('import.session', { origin: ORIGIN })).toBeNull();
    await expect(call('import.plan', { origin: ORIGIN, scope: 'all', live: tenantNow() })).rejects.toMatchObject({ code: 'NO_SESSION' });
  });

  it('a snapshot that does not exist is refused', async () => {
    await expect(call('import.restore', { origin: ORIGIN, snapshotId: 99 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

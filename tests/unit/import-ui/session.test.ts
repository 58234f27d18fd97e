/** The background's import session: read → plan → decide → diff → start (pre-image) → progress → undo. */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createImportHandlers } from '@/lib/background/import.ts';
import { toImportInput } from '@/lib/import/input.ts';
import type { ImportProtocol, LiveInput } from '@/lib/import/messages.ts';
import type { SystemFile } from '@/lib/model/system.ts';
import { getSnapshotRecords } from '@/lib/snapshots/store.ts';
import { freshDb } from '../snapshots/helpers.ts';
import { ORIGIN, REAL_RECORDS, encode, record } from '../import/helpers.ts';

const handlers = createImportHandlers(async () => ({ extensionVersion: '0.1.0', retention: 10 }));
const fromConsole = { url: `${ORIGIN}/ips/#/targetSystems`, tabId: 3 };

function call<K extends keyof ImportProtocol>(name: K, payload: ImportProtocol[K]['request'] | Record<string, unknown>, sender = fromConsole): Promise<ImportProtocol[K]['result']> {
  return (handlers[name] as (p: unknown, s: typeof sender) => Promise<ImportProtocol[K]['result']>)(payload, sender);
}

const input = (name: string, r: SystemFile) => toImportInput(name, encode(JSON.stringify(r, null, 4)));

/** The live tenant as the content script sends it, every record included; `leak` puts secret values in. */
function live(leak = false): LiveInput {
  return {
    tenantId: 'teched2025-00',
    systems: REAL_RECORDS().filter((r) => r.id).map((r) => {
      const enc = r.encryptedProperties && leak ? Object.fromEntries(Object.keys(r.encryptedProperties).map((k) => [k, 'leaked-secret'])) : r.encryptedProperties;
      return { id: String(r.id), name: r.name, accessMode: r.accessMode, systemManagementType: r.systemManagementType ?? null, record: { ...r, encryptedProperties: enc } };
    }),
  };
}

async function storedText(): Promise<string> {
  return JSON.stringify(await fakeBrowser.storage.local.get(null));
}

beforeEach(() => {
  freshDb();
  fakeBrowser.reset();
});

describe('import session in the background', () => {
  it('plans, applies with a pre-image snapshot, records progress and builds the undo', async () => {
    const edited = record('BTPCFprovisioningtarget.json', (r) => {
      r.alias = 'edited';
      r.transformation.user.mappings.pop();
    });
    const fresh = record('S4Aimporttarget.json', (r) => ((r.tenantId = 'other'), (r.name = 'Fresh target')));
    const read = await call('import.read', { origin: ORIGIN, inputs: [input('a.json', edited), input('b.json', fresh), toImportInput('bad.json', encode('{'))] });
    expect(read.items.map((i) => i.name)).toEqual(['BTP CF provisioning target', 'Fresh target']);
    expect(read.invalid).toMatchObject([{ file: 'bad.json', code: 'invalid-file' }]);

    const plan = await call('import.plan', { origin: ORIGIN, scope: 'target', live: live(true) });
    expect(plan.items.map((i) => [i.name, i.action, i.changeDescriptionNeeded])).toEqual([
      ['BTP CF provisioning target', 'update', true],
      ['Fresh target', 'create', false],
    ]);
    expect(plan.counts).toEqual({ create: 1, update: 1, copy: 0, skip: 0, delete: 0 });
    expect(plan.items[0]!.totals).toMatchObject({ metadata: 1, mappings: 1 });
    expect(plan.totals.total).toBe(plan.items[0]!.totals.total + plan.items[1]!.totals.total);
    // A leaked credential value from the console is never kept.
    expect(await storedText()).not.toContain('leaked-secret');

    const copy = await call('import.decide', { origin: ORIGIN, decisions: { 'b.json': { action: 'copy', copyName: 'Fresh target 2' } } });
    expect(copy.items[1]).toMatchObject({ action: 'copy', finalName: 'Fresh target 2' });
    const diff = await call('import.diff', { origin: ORIGIN, key: 'a.json', showVolatile: false });
    expect(diff.against).toMatchObject({ name: 'BTP CF provisioning target' });
    expect(diff.diff.metadata.map((m) => m.field)).toEqual(['alias']);
    expect(diff.hunks.length).toBeGreaterThan(0);
    expect(diff.sideBySide).toHaveLength(diff.hunks.length);

    const started = await call('import.start', { origin: ORIGIN });
    expect(started.status).toBe('applying');
    expect(started.steps.map((s) => [s.method, s.name, s.changeDescription ?? null])).toEqual([
      ['PUT', 'BTP CF provisioning target', expect.stringMatching(/^Imported with IPS Snapshots from a\.json on /)],
      ['POST', 'Fresh target 2', null],
    ]);
    const pre = await getSnapshotRecords(started.snapshotId!);
    expect(pre.snapshot.trigger).toBe('pre-write');
    expect(pre.records.map((r) => r.record!.name)).toEqual(['BTP CF provisioning target']);
    // Starting again (a resume) takes no second snapshot.
    expect((await call('import.start', { origin: ORIGIN })).snapshotId).toBe(started.snapshotId);
    await expect(call('import.read', { origin: ORIGIN, inputs: [] })).rejects.toMatchObject({ code: 'PENDING_IMPORT' });
    await expect(call('import.decide', { origin: ORIGIN, decisions: {} })).rejects.toMatchObject({ code: 'WRONG_STATE' });

    const put = { status: 'updated', id: String(edited.id), contentHash: 'h1', warnings: [] } as const;
    expect(await call('import.progress', { origin: ORIGIN, key: 'a.json', outcome: put })).toEqual({ status: 'applying' });
    // The first report of a write stands.
    await call('import.progress', { origin: ORIGIN, key: 'a.json', outcome: { status: 'failed', reason: 'late' } });
    expect(await call('import.progress', { origin: ORIGIN, key: 'b.json', outcome: { status: 'created', id: 'n1', contentHash: 'h2', warnings: [] } })).toEqual({ status: 'applied' });
    const applied = (await call('import.session', { origin: ORIGIN }))!;
    expect(applied.outcomes['a.json']).toEqual(put);
    expect(applied.undoCredentials).toEqual([]);

    // The undo keeps the state it changes first: only systems this import wrote are accepted, each once.
    const nowTarget = record('BTPCFprovisioningtarget.json', (r) => (r.alias = 'imported'));
    const nowCreated = record('S4Aimporttarget.json', (r) => ((r.id = 'n1'), (r.name = 'Fresh target 2')));
    await expect(call('import.undo', { origin: ORIGIN })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('records') });
    await expect(call('import.undo', { origin: ORIGIN, records: [record('S4Aimportsource.json')] })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('not a system this import wrote') });
    await expect(call('import.undo', { origin: ORIGIN, records: [nowCreated, nowCreated] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect((await call('import.session', { origin: ORIGIN }))!.status).toBe('applied');
    // A resume (a dialog left open in another tab) never starts an undo, nor a new apply.
    await expect(call('import.undo', { origin: ORIGIN, records: [], resume: true })).rejects.toMatchObject({ code: 'WRONG_STATE', message: expect.stringContaining('another console tab') });
    await expect(call('import.start', { origin: ORIGIN, resume: true })).rejects.toMatchObject({ code: 'WRONG_STATE' });
    const undo = await call('import.undo', { origin: ORIGIN, records: [nowTarget, nowCreated] });
    expect(undo.undoSnapshotId).not.toBeNull();
    const beforeUndo = await getSnapshotRecords(undo.undoSnapshotId!);
    expect(beforeUndo.snapshot).toMatchObject({ trigger: 'pre-write', note: 'Before undoing the import with IPS Snapshots' });
    expect(beforeUndo.records.map((r) => r.record!.name).sort()).toEqual(['BTP CF provisioning target', 'Fresh target 2']);
    expect(beforeUndo.records.find((r) => r.system.id === 'n1')!.record).toEqual(nowCreated);
    // Resuming an undo takes no second snapshot.
    expect((await call('import.undo', { origin: ORIGIN, records: [] })).undoSnapshotId).toBe(undo.undoSnapshotId);
    expect(undo.undoSteps.map((s) => [s.method, s.systemId, s.expectHash, s.changeDescription ?? null])).toEqual([
      ['DELETE', 'n1', 'h2', null],
      ['PUT', String(edited.id), 'h1', expect.stringMatching(/^Undo of the import/)],
    ]);
    // The pre-image: the live record as it was (it has no alias), its leaked secret dropped.
    expect(undo.undoSteps[1]!.body).toEqual({ ...record('BTPCFprovisioningtarget.json'), encryptedProperties: { Password: null } });
    await call('import.undoProgress', { origin: ORIGIN, key: 'b.json', outcome: { status: 'deleted' } });
    expect(await call('import.undoProgress', { origin: ORIGIN, key: 'a.json', outcome: { status: 'restored' } })).toEqual({ status: 'undone' });
    expect((await call('import.session', { origin: ORIGIN }))!.status).toBe('undone');
    await call('import.discard', { origin: ORIGIN });
    expect(await call('import.session', { origin: ORIGIN })).toBeNull();
    expect(await storedText()).toBe('{}');
  });

  it('refuses to start a blocked plan and a console page acting for another tenant', async () => {
    const bad = record('S4Aimportsource.json', (r) => ((r.tenantId = 'other'), (r.name = 'Bad/name')));
    await call('import.read', { origin: ORIGIN, inputs: [input('bad.json', bad)] });
    const plan = await call('import.plan', { origin: ORIGIN, scope: 'all', live: live() });
    expect(plan.blocked).toBe(true);
    await expect(call('import.start', { origin: ORIGIN })).rejects.toMatchObject({ code: 'BLOCKED' });
    await expect(call('import.session', { origin: 'https://other.accounts.ondemand.com' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(call('import.plan', { origin: ORIGIN, scope: 'robots' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('scope') });
  });

  it('needs credentials for an undo of an update that changed the URL', async () => {
    const moved = record('BTPCFprovisioningtarget.json', (r) => (r.properties.URL = 'https://elsewhere.example.com'));
    await call('import.read', { origin: ORIGIN, inputs: [input('m.json', moved)] });
    const plan = await call('import.plan', { origin: ORIGIN, scope: 'target', live: live() });
    expect(plan.items[0]).toMatchObject({ action: 'update', urlChanged: true, credentialsNeeded: ['Password'] });
    await call('import.start', { origin: ORIGIN });
    await call('import.progress', { origin: ORIGIN, key: 'm.json', outcome: { status: 'updated', id: String(moved.id), contentHash: 'h', warnings: [] } });
    const applied = (await call('import.session', { origin: ORIGIN }))!;
    expect(applied.undoCredentials).toEqual([{ key: 'm.json', systemName: 'BTP CF provisioning target', name: 'Password' }]);
  });
});

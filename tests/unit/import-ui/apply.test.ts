import { describe, expect, it } from 'vitest';
import { contentHash } from '@/lib/canonical/hash.ts';
import { ConsoleError, SessionExpiredError } from '@/lib/console/errors.ts';
import { applySteps, undoSteps, withSecrets } from '@/lib/import/apply.ts';
import type { ApplyStep, UndoOutcome, UndoStep, WriteOutcome } from '@/lib/import/messages.ts';
import type { SystemFile } from '@/lib/model/system.ts';
import { record } from '../import/helpers.ts';
import { FakeConsole, LosingConsole } from './fakes.ts';

const target = () => record('BTPCFprovisioningtarget.json');
const source = () => record('S4Aimportsource.json');

async function putStep(live: SystemFile, edit: (r: SystemFile) => void, key = live.name): Promise<ApplyStep> {
  const body = structuredClone(live);
  edit(body);
  return { key, kind: 'target', name: live.name, method: 'PUT', systemId: String(live.id), body, credentialNames: [], expectHash: await contentHash(live) };
}

function postStep(body: SystemFile, key = body.name): ApplyStep {
  const { id: _id, ...rest } = body;
  return { key, kind: 'source', name: body.name, method: 'POST', body: rest as SystemFile, credentialNames: Object.keys(body.encryptedProperties ?? {}) };
}

function recorder<O>() {
  const events: string[] = [];
  const outcomes: Record<string, O> = {};
  return {
    events,
    outcomes,
    report: async (key: string, outcome: O) => {
      events.push(`report ${key} ${(outcome as { status: string }).status}`);
      outcomes[key] = outcome;
    },
  };
}

describe('apply loop', () => {
  it('writes in order, re-reads before each update, and reports each outcome before the next write', async () => {
    const live = target();
    const fake = new FakeConsole([live, source()]);
    const fresh = { ...source(), id: 'x', name: 'Fresh source' };
    const steps = [postStep(fresh), await putStep(live, (r) => (r.alias = 'changed'))];
    const rec = recorder<WriteOutcome>();
    const log = { calls: fake.calls };
    const stop = await applySteps(steps, {}, {}, { client: fake, report: async (k, o) => (rec.events.push(`after ${log.calls.length} calls`), rec.report(k, o)) });
    expect(stop).toBeNull();
    expect(fake.calls).toEqual(['LIST source:Fresh source', 'POST Fresh source', `GET ${live.id}`, `PUT ${live.id}`]);
    expect(rec.events).toEqual(['after 2 calls', 'report Fresh source created', 'after 4 calls', `report ${live.name} updated`]);
    expect(rec.outcomes[live.name]).toEqual({ status: 'updated', id: live.id, contentHash: await fake.hashOf(String(live.id)), warnings: ['a warning'] });
    expect(rec.outcomes['Fresh source']).toMatchObject({ status: 'created', id: 'new-1' });
  });

  it('skips a system that changed since the preview, and a create whose name is taken now', async () => {
    const live = target();
    const fake = new FakeConsole([live]);
    const step = await putStep(live, (r) => (r.alias = 'mine'));
    fake.systems.get(String(live.id))!.alias = 'someone else';
    const taken = postStep({ ...source(), name: live.name, accessMode: 'WRITE' }, 'taken');
    taken.kind = 'target';
    const rec = recorder<WriteOutcome>();
    await applySteps([step, taken], {}, {}, { client: fake, report: rec.report });
    expect(rec.outcomes[live.name]).toEqual({ status: 'skipped', reason: expect.stringMatching(/^changed since preview: someone edited/) });
    expect(rec.outcomes.taken).toEqual({ status: 'skipped', reason: `changed since preview: the tenant now has a target named "${live.name}"` });
    expect(fake.calls.filter((c) => c.startsWith('PUT') || c.startsWith('POST'))).toEqual([]);
  });

  it('a failed write is reported and the rest goes on', async () => {
    const fake = new FakeConsole([source()]);
    fake.failures.set('POST#1', new ConsoleError('A system with the name "a" already exists', 'DUPLICATE_NAME', 409));
    const rec = recorder<WriteOutcome>();
    const stop = await applySteps([postStep({ ...source(), name: 'a' }), postStep({ ...source(), name: 'b' })], {}, {}, { client: fake, report: rec.report });
    expect(stop).toBeNull();
    expect(rec.outcomes.a).toEqual({ status: 'failed', reason: 'A system with the name "a" already exists' });
    expect(rec.outcomes.b).toMatchObject({ status: 'created' });
  });

  it('an expired session stops the loop without a report; a resume skips what was done', async () => {
    const fake = new FakeConsole([source()]);
    fake.failures.set('POST#2', new SessionExpiredError());
    const steps = ['a', 'b', 'c'].map((name) => postStep({ ...source(), name }));
    const rec = recorder<WriteOutcome>();
    const stop = await applySteps(steps, {}, {}, { client: fake, report: rec.report });
    expect(stop).toMatchObject({ code: 'SESSION_EXPIRED' });
    expect(Object.keys(rec.outcomes)).toEqual(['a']);
    fake.failures.clear();
    const again = await applySteps(steps, { ...rec.outcomes }, {}, { client: fake, report: rec.report });
    expect(again).toBeNull();
    expect(fake.calls.filter((c) => c.startsWith('POST'))).toEqual(['POST a', 'POST b', 'POST b', 'POST c']);
    expect(Object.keys(rec.outcomes)).toEqual(['a', 'b', 'c']);
  });

  it('stops when an outcome cannot be recorded, so a resume cannot repeat that write', async () => {
    const fake = new FakeConsole([]);
    const steps = ['a', 'b'].map((name) => postStep({ ...source(), name }));
    const stop = await applySteps(steps, {}, {}, { client: fake, report: async () => Promise.reject(new Error('no background')) });
    expect(stop).toMatchObject({ code: 'REPORT_FAILED', message: expect.stringContaining('"a"') });
    expect(fake.calls.filter((c) => c.startsWith('POST'))).toEqual(['POST a']);
  });

  it('typed secrets go into the body only; an empty value keeps the stored one', async () => {
    const live = target();
    const fake = new FakeConsole([live]);
    const fresh = { ...record('BTPCFimportsource.json'), name: 'New with secret' };
    const steps = [postStep(fresh, 'k1'), await putStep(live, (r) => (r.alias = 'x'), 'k2')];
    const rec = recorder<WriteOutcome>();
    await applySteps(steps, {}, { k1: { Password: 's3cret' }, k2: { Password: '' } }, { client: fake, report: rec.report });
    expect(fake.bodies.map((b) => (b.body as SystemFile).encryptedProperties)).toEqual([{ Password: 's3cret' }, { Password: null }]);
    expect(JSON.stringify(rec.outcomes)).not.toContain('s3cret');
    expect(steps[0]!.body.encryptedProperties).toEqual({ Password: null });
  });
});

describe('withSecrets', () => {
  it.each([
    [{ Password: null }, { Password: 'p' }, { Password: 'p' }],
    [{ Password: null }, { Password: '' }, { Password: null }],
    [{ Password: null, other: null }, { other: 'o', unrelated: 'u' }, { Password: null, other: 'o' }],
    [{ constructor: null, toString: null }, {}, { constructor: null, toString: null }],
  ])('%j + %j → %j', (encrypted, typed, expected) => {
    const body = { ...source(), encryptedProperties: encrypted as Record<string, null> };
    expect(withSecrets(body, typed as Record<string, string>).encryptedProperties).toEqual(expected);
  });

  it('leaves a body without encryptedProperties as it is', () => {
    const body = source();
    delete body.encryptedProperties;
    expect(withSecrets(body, { Password: 'p' })).toBe(body);
  });
});

describe('undo loop', () => {
  it('deletes what was created, puts the pre-image back, and leaves systems changed since the import', async () => {
    const before = target();
    const after = { ...structuredClone(before), alias: 'imported' };
    const created = { ...source(), id: 'new-9', name: 'Created' };
    const edited = { ...record('S4Aimporttarget.json'), alias: 'imported too' };
    const fake = new FakeConsole([after, created, edited]);
    const steps: UndoStep[] = [
      { key: 'c', kind: 'source', name: 'Created', method: 'DELETE', systemId: 'new-9', credentialNames: [], expectHash: await contentHash(created) },
      { key: 'u', kind: 'target', name: before.name, method: 'PUT', systemId: String(before.id), body: before, changeDescription: 'Undo', credentialNames: [], expectHash: await contentHash(after) },
      { key: 'e', kind: 'target', name: edited.name, method: 'PUT', systemId: String(edited.id), body: edited, credentialNames: [], expectHash: 'not-what-is-there' },
    ];
    const rec = recorder<UndoOutcome>();
    expect(await undoSteps(steps, {}, {}, { client: fake, report: rec.report })).toBeNull();
    expect(rec.outcomes).toEqual({ c: { status: 'deleted' }, u: { status: 'restored' }, e: { status: 'skipped', reason: expect.stringMatching(/changed since the import/) } });
    expect(fake.systems.has('new-9')).toBe(false);
    expect(fake.systems.get(String(before.id))!.alias).toBe(before.alias);
    expect(fake.calls).toContain(`PUT ${before.id} (Undo)`);
  });
});

describe('a create whose answer is lost', () => {

  it('is never sent twice: when the system exists now it counts as created', async () => {
    const fake = new LosingConsole(true);
    const rec = recorder<WriteOutcome>();
    await applySteps([postStep({ ...source(), id: 'x', name: 'Lost answer' })], {}, {}, { client: fake, report: rec.report });
    expect(fake.calls.filter((c) => c.startsWith('POST'))).toHaveLength(1);
    expect(rec.outcomes['Lost answer']).toMatchObject({ status: 'created', id: 'new-1' });
  });

  it('is reported failed (and not retried) when the system does not exist', async () => {
    const fake = new LosingConsole(false);
    const rec = recorder<WriteOutcome>();
    await applySteps([postStep({ ...source(), id: 'x', name: 'Lost request' })], {}, {}, { client: fake, report: rec.report });
    expect(fake.calls.filter((c) => c.startsWith('POST'))).toHaveLength(1);
    expect(rec.outcomes['Lost request']).toMatchObject({ status: 'failed' });
    expect((rec.outcomes['Lost request'] as { reason: string }).reason).toMatch(/not sent again.*does not exist/);
  });
});

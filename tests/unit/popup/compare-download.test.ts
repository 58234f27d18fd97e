import { beforeEach, describe, expect, it, vi } from 'vitest';
import { unzipSync } from 'fflate';
import { fakeBrowser } from 'wxt/testing';
import { sha256Hex } from '@/lib/canonical/hash';
import { compareSnapshots, RecordCache, systemView } from '@/lib/popup/compare';
import { downloadSnapshot, REBUILT_WARNING, snapshotBundle } from '@/lib/popup/download';
import { fakeApi, OTHER, record, summary, type FakeSnapshot } from './fake-api.ts';

const A = record('Alpha', 'source');
const B = record('Beta', 'target');
const C = record('Gamma', 'target');

function compare(api: ReturnType<typeof fakeApi>, l: number, r: number, showVolatile = false) {
  const caches: [RecordCache, RecordCache] = [new RecordCache(l, api.records), new RecordCache(r, api.records)];
  return Promise.all([api.get(l), api.get(r)]).then(([x, y]) => compareSnapshots(x, y, caches, { showVolatile }));
}

describe('compare two snapshots', () => {
  it.each<[string, FakeSnapshot[], string[], boolean]>([
    [
      'same tenant: an edit, a rename (paired by id), an addition and a removal',
      [
        { summary: summary(1), records: [A, B, record('Old', 'proxy')] },
        { summary: summary(2), records: [{ ...A, properties: { URL: 'https://new.example.com' } }, { ...B, name: 'Beta renamed' }, record('New', 'proxy')] },
      ],
      ['source Alpha changed', 'target Beta renamed changed', 'proxy New added', 'proxy Old removed'],
      true,
    ],
    [
      'two tenants: paired by kind and name, ids differ',
      [
        { summary: summary(1), records: [A, B] },
        { summary: summary(2, { origin: OTHER }), records: [{ ...A, id: 'other-1' }, { ...B, id: 'other-2', name: 'Beta renamed' }] },
      ],
      ['source Alpha unchanged', 'target Beta removed', 'target Beta renamed added'],
      false,
    ],
  ])('%s', async (_what, snapshots, expected, sameTenant) => {
    const api = fakeApi(snapshots);
    const c = await compare(api, 1, 2);
    expect(c.sameTenant).toBe(sameTenant);
    expect(c.diff.systems.map((s) => `${s.kind} ${s.name.right ?? s.name.left} ${s.status}`).sort()).toEqual(expected.sort());
    expect(c.pairs).toHaveLength(c.diff.systems.length);
  });

  it('loads only the records of systems whose content differs, in one message per side', async () => {
    const many = Array.from({ length: 50 }, (_, i) => record(`S${i}`, 'source'));
    const api = fakeApi([
      { summary: summary(1), records: many },
      { summary: summary(2), records: many.map((r, i) => (i === 7 ? { ...r, properties: { URL: 'changed' } } : r)) },
    ]);
    const c = await compare(api, 1, 2);
    expect(c.diff.totals).toMatchObject({ changed: 1, unchanged: 49 });
    expect(api.calls.records).toEqual([[1, ['id-S7']], [2, ['id-S7']]]);
    // The pair's full view reuses the cached records.
    const view = await systemView(c.pairs[c.diff.systems.findIndex((s) => s.status === 'changed')]!, false);
    expect(view.diff.properties).toEqual([expect.objectContaining({ name: 'URL', change: 'changed' })]);
    expect(view.hunks.length).toBe(1);
    expect(api.calls.records).toHaveLength(2);
  });

  it('compares only the kinds both snapshots hold, and only the systems a pre-write snapshot holds', async () => {
    const api = fakeApi([
      { summary: summary(1, { kinds: ['source'] }), records: [A] },
      { summary: summary(2), records: [A, B, C] },
      { summary: summary(3, { trigger: 'pre-write', kinds: ['target'] }), records: [{ ...B, properties: { URL: 'before' } }] },
    ]);
    const kinds = await compare(api, 1, 2);
    expect(kinds.diff.systems.map((s) => s.name.left)).toEqual(['Alpha']);
    expect(kinds.notes).toEqual(['Only source systems are compared: the other snapshot does not hold the rest.']);
    const partial = await compare(api, 3, 2);
    expect(partial.diff.systems.map((s) => `${s.name.right} ${s.status}`)).toEqual(['Beta changed']);
    expect(partial.notes.at(-1)).toMatch(/#3 was taken before a write and holds only the 1 system/);
  });

  it('an export of chosen systems is compared only on what it holds (nothing reported removed)', async () => {
    const api = fakeApi([
      { summary: summary(1), records: [A, B, C] },
      { summary: summary(2, { trigger: 'selection' }), records: [A, { ...B, properties: { URL: 'edited' } }] },
    ]);
    const c = await compare(api, 1, 2);
    expect(c.diff.systems.map((s) => `${s.name.left} ${s.status}`).sort()).toEqual(['Alpha unchanged', 'Beta changed']);
    expect(c.diff.totals.removed).toBe(0);
    expect(c.notes.at(-1)).toMatch(/#2 is an export of chosen systems and holds only the 2 system\(s\) chosen/);
  });

  it('a record missing from a damaged snapshot fails the comparison with the reason', async () => {
    const api = fakeApi([
      { summary: summary(1), records: [A] },
      { summary: summary(2, { damaged: true }), records: [{ ...A, properties: { URL: 'x' } }], problems: ['The stored record of source system "Alpha" is missing.'] },
    ]);
    vi.mocked(api.records).mockImplementation(async (id) => {
      const d = await api.get(id);
      return { snapshot: d.snapshot, integrity: d.integrity, records: d.systems.map((system) => ({ system: system as never, record: id === 2 ? null : A, problem: id === 2 ? d.integrity.problems[0]! : null })) };
    });
    await expect(compare(api, 1, 2)).rejects.toThrow('The stored record of source system "Alpha" is missing.');
  });
});

describe('download a snapshot as a bundle', () => {
  beforeEach(() => fakeBrowser.reset());

  it('rebuilds each file in the console format, with its hashes, the failed ones and the warning', async () => {
    const api = fakeApi([{ summary: summary(4, { origin: 'http://127.0.0.1:5173', createdAt: '2025-11-03T09:05:07.000Z' }), records: [A, B], failed: [{ kind: 'proxy', id: 'p1', name: 'Broken', reason: 'The console answered 500.' }] }]);
    const { zip, fileName } = await snapshotBundle(await api.get(4), await api.records(4, undefined), '0.2.0');
    expect(fileName).toMatch(/^127\.0\.0\.1_5173_2025-11-03_\d{6}\.zip$/);
    const files = unzipSync(zip);
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']));
    expect(manifest).toMatchObject({ origin: 'http://127.0.0.1:5173', createdAt: '2025-11-03T09:05:07.000Z', extensionVersion: '0.2.0', warnings: [REBUILT_WARNING] });
    expect(manifest.systems.map((s: { status: string; name: string }) => `${s.status} ${s.name}`)).toEqual(['ok Alpha', 'ok Beta', 'failed Broken']);
    const alpha = manifest.systems[0];
    expect(new TextDecoder().decode(files[alpha.path])).toBe(JSON.stringify(A, null, 4));
    expect(alpha.fileSha256).toBe(await sha256Hex(JSON.stringify(A, null, 4)));
  });

  it('refuses a damaged snapshot with the reason, before reading its records', async () => {
    const api = fakeApi([{ summary: summary(5, { damaged: true }), records: [A], problems: ['The stored record of source system "Alpha" does not match its hash.'] }]);
    const records = vi.fn();
    await expect(downloadSnapshot(5, { get: api.get, records })).rejects.toThrow(/#5 is damaged and cannot be downloaded: The stored record of source system "Alpha" does not match its hash\. You can still view it/);
    expect(records).not.toHaveBeenCalled();
  });
});

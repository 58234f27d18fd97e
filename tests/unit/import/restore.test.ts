/**
 * Restore of a snapshot through the import's plan → diff → apply → undo: partial merges, deletion
 * candidates, checks of deletions, the writes and undo steps they give, and the apply/undo loops on a
 * fake console. Real exports throughout (live tenant = the real exports of teched2025-00).
 */
import { describe, expect, it } from 'vitest';
import { contentHash } from '@/lib/canonical/hash.ts';
import { ConsoleError } from '@/lib/console/errors.ts';
import { applySteps as runApply, undoSteps as runUndo, CHANGED_SINCE_PREVIEW } from '@/lib/import/apply.ts';
import type { ApplyStep, UndoOutcome, UndoStep, WriteOutcome } from '@/lib/import/messages.ts';
import { createBody } from '@/lib/import/payload.ts';
import { applyDecisions, matchedLive, mergePart, planImport, planToWrites, type RestorePlanOptions } from '@/lib/import/plan.ts';
import type { Decision, ImportItem, ImportPlan, LiveSystem, LiveTenant, PlanItem, ProblemCode } from '@/lib/import/types.ts';
import { applySteps, diffSides, planView, preImageRecords, readView, undoSteps } from '@/lib/import/views.ts';
import { kindOfAccessMode, type SystemFile } from '@/lib/model/system.ts';
import { FakeConsole, LosingConsole } from '../import-ui/fakes.ts';
import { NOW, ORIGIN, OTHER_ORIGIN, REAL_RECORDS, TENANT_ID, liveSystem, liveTenant, record } from './helpers.ts';

const SNAPSHOT_FILE = 'snapshot #7';
const SNAPSHOT_AT = '2026-02-01T08:30:00.000Z';

/** Items as `import.restore` builds them from a snapshot's records. */
async function snapItems(records: SystemFile[], origin = ORIGIN): Promise<ImportItem[]> {
  return Promise.all(
    records.map(async (r): Promise<ImportItem> => {
      const kind = kindOfAccessMode(r.accessMode);
      return {
        key: `snapshot:${kind}:${String(r.id)}`,
        file: SNAPSHOT_FILE,
        record: r,
        text: '',
        kind,
        name: r.name,
        contentHash: await contentHash(r),
        bundle: { origin, tenantId: TENANT_ID, createdAt: SNAPSHOT_AT },
        integrity: 'ok',
      };
    }),
  );
}

/** A system of any kind made from a real export (new id and name). */
function made(file: string, id: string, name: string, edit?: (r: Record<string, any>) => void): SystemFile {
  return record(file, (r) => {
    r.id = id;
    r.name = name;
    edit?.(r);
  });
}
const proxy = (id: string, name: string) => made('S4Aimportsource.json', id, name, (r) => (r.accessMode = 'PROXY'));

/** A system of the tenant's list only (no record read): planned from names and kinds alone. */
function listedOnly(id: string, name: string, accessMode: SystemFile['accessMode']): LiveSystem {
  return { id, name, accessMode, systemManagementType: null, record: { name, accessMode, connectorTypeString: '' }, contentHash: '' };
}

async function tenantWith(records: SystemFile[], extra: LiveSystem[] = []): Promise<LiveTenant> {
  const live = await liveTenant(records);
  return { ...live, systems: [...live.systems, ...extra] };
}

const byKey = (plan: ImportPlan, key: string): PlanItem => {
  const found = plan.items.find((i) => i.key === key);
  if (!found) throw new Error(`no item ${key} in ${plan.items.map((i) => i.key).join(', ')}`);
  return found;
};
const codes = (item: PlanItem): ProblemCode[] => item.problems.map((p) => p.code);
const restore = (options: RestorePlanOptions = {}): RestorePlanOptions => ({ source: 'snapshot #7 of 2026-02-01 08:30 UTC', ...options });

function recorder<O>() {
  const outcomes: Record<string, O> = {};
  return { outcomes, report: async (key: string, outcome: O) => void (outcomes[key] = outcome) };
}

// ---------------------------------------------------------------------------------------------------

describe('mergePart', () => {
  const base = () => record('BTPCFprovisioningtarget.json');
  /** The live system: renamed, a property changed and a mapping less than in the snapshot. */
  const live = () =>
    record('BTPCFprovisioningtarget.json', (r) => {
      r.name = 'BTP CF renamed live';
      r.properties['ips.trace.failed.entity.content'] = 'live value';
      r.transformation.user.mappings.pop();
    });

  it.each([
    { part: 'properties' as const, takes: 'properties', keeps: 'transformation' },
    { part: 'transformation' as const, takes: 'transformation', keeps: 'properties' },
  ])('$part: takes $takes from the snapshot, keeps $keeps, name and key order of the live system', ({ part, takes, keeps }) => {
    const l = live();
    const s = base();
    const merged = mergePart(l, s, part) as Record<string, unknown>;
    expect(merged[takes]).toEqual((s as Record<string, unknown>)[takes]);
    expect(merged[keeps]).toEqual((l as Record<string, unknown>)[keeps]);
    expect(merged.name).toBe('BTP CF renamed live');
    expect(merged.id).toBe(l.id);
    expect(Object.keys(merged)).toEqual(Object.keys(l));
    // The inputs are not changed.
    expect(l.name).toBe('BTP CF renamed live');
    expect(s.properties).toEqual(base().properties);
  });

  it('properties: a snapshot with its keys in another order still gives the live key order at the top level', () => {
    const s = base();
    const shuffled = Object.fromEntries(Object.entries(s).reverse()) as SystemFile;
    const merged = mergePart(live(), shuffled, 'properties');
    expect(Object.keys(merged)).toEqual(Object.keys(live()));
    expect(merged.properties).toEqual(s.properties);
  });

  interface TRow {
    label: string;
    live: (r: Record<string, any>) => void;
    snapshot: (r: Record<string, any>) => void;
    keys: (liveKeys: string[]) => string[];
    expected: Record<string, unknown>;
  }
  const T = { user: { mappings: [{ sourcePath: '$.a', targetPath: '$.b' }] } };
  const R = { user: { mappings: [{ sourcePath: '$.r', targetPath: '$.r' }] } };
  const W = { user: { mappings: [{ sourcePath: '$.w', targetPath: '$.w' }] } };
  const rows: TRow[] = [
    {
      label: 'read/write transformations of the snapshot are added after the live keys (in that order)',
      live: (r) => (r.transformation = { old: true }),
      snapshot: (r) => Object.assign(r, { transformation: T, writeTransformation: W, readTransformation: R }),
      keys: (k) => [...k, 'readTransformation', 'writeTransformation'],
      expected: { transformation: T, readTransformation: R, writeTransformation: W },
    },
    {
      label: 'a transformation the snapshot does not have is removed from the live record',
      live: (r) => Object.assign(r, { readTransformation: R, writeTransformation: W }),
      snapshot: (r) => ((r.transformation = T), delete r.readTransformation, delete r.writeTransformation),
      keys: (k) => k.filter((x) => x !== 'readTransformation' && x !== 'writeTransformation'),
      expected: { transformation: T, readTransformation: undefined, writeTransformation: undefined },
    },
    {
      label: 'only read/write in the snapshot: the live transformation goes, read/write come in',
      live: (r) => (r.transformation = T),
      snapshot: (r) => (delete r.transformation, Object.assign(r, { readTransformation: R, writeTransformation: W })),
      keys: (k) => [...k.filter((x) => x !== 'transformation'), 'readTransformation', 'writeTransformation'],
      expected: { transformation: undefined, readTransformation: R, writeTransformation: W },
    },
    {
      label: 'read/write in both: replaced where they are in the live record',
      live: (r) => {
        const { transformation, ...rest } = r;
        for (const k of Object.keys(r)) delete r[k];
        Object.assign(r, { writeTransformation: { x: 1 } }, rest, { readTransformation: { y: 2 }, transformation });
      },
      snapshot: (r) => Object.assign(r, { readTransformation: R, writeTransformation: W }),
      keys: (k) => k,
      expected: { readTransformation: R, writeTransformation: W },
    },
  ];

  it.each(rows)('transformation: $label', ({ live: editLive, snapshot, keys, expected }) => {
    const l = record('BTPCFprovisioningtarget.json', editLive);
    const s = record('BTPCFprovisioningtarget.json', snapshot);
    const merged = mergePart(l, s, 'transformation') as Record<string, unknown>;
    expect(Object.keys(merged)).toEqual(keys(Object.keys(l)));
    for (const [key, value] of Object.entries(expected)) expect(merged[key]).toEqual(value);
    expect(merged.properties).toEqual(l.properties);
  });

  it('properties: a live record without a properties key gets the snapshot properties at its end', () => {
    const l = record('S4Aimportsource.json', (r) => delete r.properties);
    const s = record('S4Aimportsource.json');
    const merged = mergePart(l, s, 'properties');
    expect(Object.keys(merged)).toEqual([...Object.keys(l), 'properties']);
    expect(merged.properties).toEqual(s.properties);
    expect(merged.transformation).toEqual(l.transformation);
  });
});

describe('matchedLive', () => {
  it('matches a same-tenant snapshot item by id (a rename included) and another tenant by name', async () => {
    const live = await tenantWith(REAL_RECORDS().map((r) => (r.name === 'S4A import source' ? { ...r, name: 'S4A import source renamed' } : r)));
    const [same] = await snapItems([record('S4Aimportsource.json')]);
    expect(matchedLive(same!, live)?.name).toBe('S4A import source renamed');
    const [other] = await snapItems([record('S4Aimportsource.json')], OTHER_ORIGIN);
    expect(matchedLive(other!, live)).toBeNull();
    const [byName] = await snapItems([record('S4Aimporttarget.json', (r) => (r.id = 'other-id'))], OTHER_ORIGIN);
    expect(matchedLive(byName!, live)?.id).toBe('61b2b3d4-f4c6-4c44-8383-ff0350e2b866');
  });
});

// ---------------------------------------------------------------------------------------------------

describe('planImport: systems only in the tenant (whole-snapshot restore)', () => {
  /** Live = the real exports (one renamed by id) + systems created since the snapshot. */
  async function setUp() {
    const live = await tenantWith(
      [
        ...REAL_RECORDS().map((r) => (r.name === 'S4A import source' ? { ...r, name: 'S4A import source new name' } : r)),
        made('S4Aimportsource.json', 'z-s', 'Zeta source'),
        made('BTPCFimportsource.json', 'a-s', 'Alpha source'),
        made('S4Aimportsource.json', 'k-s', 'Kept source'),
        made('S4Aimporttarget.json', 'x-t', 'Extra target'),
        proxy('p-b', 'Proxy B'),
        proxy('p-a', 'Proxy A'),
      ],
      [listedOnly('l-s', 'Listed only', 'READ')],
    );
    const items = await snapItems(REAL_RECORDS());
    return { live, items };
  }

  it.each([
    { label: 'no deleteKinds', options: {}, names: [] },
    { label: 'empty deleteKinds', options: { deleteKinds: [] }, names: [] },
    { label: 'targets only', options: { deleteKinds: ['target'] }, names: ['Extra target'] },
    { label: 'proxies and sources', options: { deleteKinds: ['source', 'proxy'] }, names: ['Proxy A', 'Proxy B', 'Alpha source', 'Kept source', 'Zeta source'] },
    {
      label: 'every kind: proxies, then targets, then sources, by name',
      options: { deleteKinds: ['source', 'target', 'proxy'] },
      names: ['Proxy A', 'Proxy B', 'Extra target', 'Alpha source', 'Kept source', 'Zeta source'],
    },
    {
      label: 'keepNames are never offered',
      options: { deleteKinds: ['source', 'target', 'proxy'], keepNames: ['Kept source', 'Proxy B', 'not in the tenant'] },
      names: ['Proxy A', 'Extra target', 'Alpha source', 'Zeta source'],
    },
  ] as Array<{ label: string; options: RestorePlanOptions; names: string[] }>)('$label → $names', async ({ options, names }) => {
    const { live, items } = await setUp();
    const plan = planImport({ items, live, now: NOW, restore: restore(options) });
    const rows = plan.items.filter((i) => i.onlyInTenant);
    expect(rows.map((i) => i.name)).toEqual(names);
    // They come after every snapshot item.
    expect(plan.items.slice(items.length).map((i) => i.name)).toEqual(names);
    expect(plan.items.slice(0, items.length).every((i) => !i.onlyInTenant)).toBe(true);
    // The renamed system is matched by id (updated back), so never offered for deletion; nor is a listed-only one.
    expect(plan.items.map((i) => i.name)).not.toContain('S4A import source new name');
    expect(plan.items.map((i) => i.name)).not.toContain('Listed only');
    expect(plan.blocked).toBe(false);
  });

  it('a row only in the tenant is offered for deletion but never proposed', async () => {
    const { live, items } = await setUp();
    const plan = planImport({ items, live, now: NOW, restore: restore({ deleteKinds: ['source', 'target', 'proxy'] }) });
    const row = byKey(plan, 'tenant:a-s');
    const alpha = live.systems.find((s) => s.id === 'a-s')!;
    expect(row).toMatchObject({
      file: 'only in the tenant',
      kind: 'source',
      name: 'Alpha source',
      fromThisTenant: true,
      onlyInTenant: true,
      match: { id: 'a-s', name: 'Alpha source', by: 'id', contentHash: alpha.contentHash, tenantId: TENANT_ID },
      available: ['delete', 'skip'],
      proposed: 'skip',
      action: 'skip',
      finalName: 'Alpha source',
      credentialsNeeded: [],
      changeDescriptionNeeded: false,
      problems: [],
    });
    expect(row.record).toEqual(alpha.record);
    expect(plan.items.filter((i) => i.onlyInTenant).every((i) => i.proposed === 'skip' && i.action === 'skip')).toBe(true);
    // Only the renamed system is written when nothing is ticked.
    expect(planToWrites(plan).map((w) => [w.method, w.key])).toEqual([['PUT', 'snapshot:source:db47bf8b-ea67-4f42-9b4f-c6d5c8aa4493']]);
    expect(byKey(plan, 'snapshot:source:db47bf8b-ea67-4f42-9b4f-c6d5c8aa4493')).toMatchObject({ action: 'update', renames: true, match: { by: 'id', name: 'S4A import source new name' } });
  });

  it('a snapshot item matched by name (another tenant) is not offered for deletion either', async () => {
    const live = await tenantWith([...REAL_RECORDS(), made('S4Aimporttarget.json', 'x-t', 'Extra target')]);
    const items = await snapItems(REAL_RECORDS().map((r) => ({ ...r, id: `other-${String(r.id)}` })), OTHER_ORIGIN);
    const plan = planImport({ items, live, now: NOW, restore: restore({ deleteKinds: ['source', 'target'] }) });
    expect(plan.items.filter((i) => i.onlyInTenant).map((i) => i.key)).toEqual(['tenant:x-t']);
    expect(plan.items.filter((i) => !i.onlyInTenant).every((i) => i.match?.by === 'name' && !i.fromThisTenant)).toBe(true);
  });
});

describe('planImport: a part of one system', () => {
  it.each([
    { label: 'part restore of a system still in the tenant', part: 'properties' as const, gone: false, available: ['update', 'skip'], proposed: 'update', unmatched: undefined, errors: [] },
    { label: 'part restore of a system no longer in the tenant', part: 'transformation' as const, gone: true, available: ['skip'], proposed: 'skip', unmatched: true, errors: ['part-unmatched'] },
    { label: 'whole restore of a system no longer in the tenant', part: null, gone: true, available: ['create', 'copy', 'skip'], proposed: 'create', unmatched: undefined, errors: [] },
  ])('$label → $available', async ({ part, gone, available, proposed, unmatched, errors }) => {
    const snap = record('BTPCFprovisioningtarget.json', (r) => (r.properties['ips.trace.failed.entity.content'] = 'from the snapshot'));
    const live = await liveTenant(REAL_RECORDS().filter((r) => !gone || r.name !== snap.name));
    const plan = planImport({ items: await snapItems([snap]), live, now: NOW, restore: restore({ part }) });
    const item = plan.items[0]!;
    expect(item.available).toEqual(available);
    expect(item.proposed).toBe(proposed);
    expect(item.partUnmatched).toBe(unmatched);
    expect(item.problems.filter((p) => p.level === 'error').map((p) => p.code)).toEqual(errors);
    expect(plan.blocked).toBe(false);
  });

  it('part-unmatched says why, and blocks any write of that item', async () => {
    const snap = record('BTPCFprovisioningtarget.json');
    const live = await liveTenant(REAL_RECORDS().filter((r) => r.name !== snap.name));
    const plan = planImport({ items: await snapItems([snap]), live, now: NOW, restore: restore({ part: 'properties' }) });
    expect(plan.items[0]!.problems).toEqual([
      { code: 'part-unmatched', level: 'error', message: '"BTP CF provisioning target" is no longer in the tenant, so a part of it can\'t be put back on its own: restore the whole system instead' },
    ]);
    const forced = applyDecisions(plan, { [plan.items[0]!.key]: { action: 'create' } });
    expect(forced.blocked).toBe(true);
    expect(codes(forced.items[0]!)).toEqual(expect.arrayContaining(['part-unmatched', 'action-unavailable']));
  });
});

describe('planImport: prefilled change description of a restore', () => {
  const snap = () => record('BTPCFprovisioningtarget.json'); // live has one mapping less: the restore changes the transformation
  const live = () => liveTenant(REAL_RECORDS().map((r) => (r.name === 'BTP CF provisioning target' ? record('BTPCFprovisioningtarget.json', (x) => x.transformation.user.mappings.pop()) : r)));

  it.each([
    { label: 'restore with a source', restore: restore(), expected: 'Restored with IPS Snapshots from snapshot #7 of 2026-02-01 08:30 UTC on 2026-03-04' },
    { label: 'restore without a source (the item file)', restore: {}, expected: 'Restored with IPS Snapshots from snapshot #7 on 2026-03-04' },
    { label: 'no restore: an import', restore: undefined, expected: 'Imported with IPS Snapshots from snapshot #7 on 2026-03-04' },
  ])('$label', async ({ restore: r, expected }) => {
    const plan = planImport({ items: await snapItems([snap()]), live: await live(), now: NOW, ...(r ? { restore: r } : {}) });
    const item = plan.items[0]!;
    expect(item).toMatchObject({ action: 'update', transformationChanged: true, changeDescriptionNeeded: true, changeDescription: expected });
    expect(item.problems.filter((p) => p.level === 'error')).toEqual([]);
    expect(planToWrites(plan)[0]).toMatchObject({ method: 'PUT', changeDescription: expected });
  });
});

// ---------------------------------------------------------------------------------------------------

/**
 * Live: the real exports, "Extra source" (a source created since, linked by nothing live) and
 * "Legacy (old)" (a target whose name breaks today's name rules, with a Password). The snapshot's
 * BTP CF provisioning target links "Extra source" and has another property value.
 */
async function deletionPlan(decisions: Record<string, Decision> = {}, editSnapshot?: (records: SystemFile[]) => void) {
  const extraSource = made('S4Aimportsource.json', 'x-s', 'Extra source');
  const legacy = made('BTPCFprovisioningtarget.json', 'x-l', 'Legacy (old)');
  const live = await tenantWith([...REAL_RECORDS(), extraSource, legacy]);
  const snapshot = REAL_RECORDS().map((r) =>
    r.name === 'BTP CF provisioning target' ? record('BTPCFprovisioningtarget.json', (x) => ((x.relatedSystems = ['Extra source']), (x.properties['ips.trace.failed.entity.content'] = 'snap'))) : r,
  );
  editSnapshot?.(snapshot);
  const base = planImport({ items: await snapItems(snapshot), live, now: NOW, restore: restore({ deleteKinds: ['source', 'target'] }) });
  return { live, base, plan: applyDecisions(base, decisions), extraSource, legacy };
}
const TARGET_KEY = 'snapshot:target:aec65f88-2e40-480c-bb58-ddf248beebc8';
const S4A_TARGET_KEY = 'snapshot:target:61b2b3d4-f4c6-4c44-8383-ff0350e2b866';

describe('checkPlan with deletions', () => {
  it('the rows are offered in order: targets before sources', async () => {
    const { base } = await deletionPlan();
    expect(base.items.filter((i) => i.onlyInTenant).map((i) => i.key)).toEqual(['tenant:x-l', 'tenant:x-s']);
    expect(byKey(base, TARGET_KEY)).toMatchObject({ action: 'update', problems: [] });
  });

  it('a deletion gets no name problems, even for a name the rules no longer allow', async () => {
    const { plan } = await deletionPlan({ 'tenant:x-l': { action: 'delete' } });
    expect(byKey(plan, 'tenant:x-l')).toMatchObject({ action: 'delete', finalName: 'Legacy (old)', credentialsNeeded: [], changeDescriptionNeeded: false, problems: [] });
    expect(plan.blocked).toBe(false);
  });

  it('a copy named like a system being deleted: the name is taken (deletions run last), no clash on the deletion', async () => {
    const { plan } = await deletionPlan({ 'tenant:x-s': { action: 'delete' }, [S4A_TARGET_KEY]: { action: 'copy', copyName: 'Extra source' } });
    expect(byKey(plan, S4A_TARGET_KEY).problems.filter((p) => p.level === 'error').map((p) => p.code)).toEqual(['name-taken']);
    expect(codes(byKey(plan, 'tenant:x-s'))).not.toContain('name-clash');
    expect(plan.blocked).toBe(true);
  });

  it('deleting a source that a written target links: linked-source on the deletion, missing-sources on the target', async () => {
    const { plan } = await deletionPlan({ 'tenant:x-s': { action: 'delete' } });
    expect(byKey(plan, 'tenant:x-s').problems).toEqual([
      { code: 'linked-source', level: 'warning', message: '"BTP CF provisioning target" of this restore links this source; after the deletion the console drops that link' },
    ]);
    expect(byKey(plan, TARGET_KEY).problems).toEqual([
      { code: 'missing-sources', level: 'warning', message: 'linked source systems "Extra source" don\'t exist in the tenant; the console drops those links.', offerSources: [] },
    ]);
    expect(plan.blocked).toBe(false);
  });

  it('two linking targets: the warning names both ("link")', async () => {
    const { plan } = await deletionPlan({ 'tenant:x-s': { action: 'delete' } }, (records) => {
      const i = records.findIndex((r) => r.name === 'S4A import target');
      records[i] = record('S4Aimporttarget.json', (x) => (x.relatedSystems = ['S4A', 'Extra source']));
    });
    expect(byKey(plan, S4A_TARGET_KEY).action).toBe('update');
    expect(byKey(plan, 'tenant:x-s').problems.map((p) => p.message)).toEqual([
      '"BTP CF provisioning target", "S4A import target" of this restore link this source; after the deletion the console drops that link',
    ]);
  });

  it.each([
    { label: 'the source is kept', decisions: { 'tenant:x-s': { action: 'skip' } }, source: [], target: [] },
    { label: 'the linking target is skipped', decisions: { 'tenant:x-s': { action: 'delete' }, [TARGET_KEY]: { action: 'skip' } }, source: [], target: [] },
    { label: 'only a target is deleted', decisions: { 'tenant:x-l': { action: 'delete' } }, source: [], target: [] },
  ] as Array<{ label: string; decisions: Record<string, Decision>; source: ProblemCode[]; target: ProblemCode[] }>)('no link warnings when $label', async ({ decisions, source, target }) => {
    const { plan } = await deletionPlan(decisions);
    expect(codes(byKey(plan, 'tenant:x-s'))).toEqual(source);
    expect(codes(byKey(plan, TARGET_KEY))).toEqual(target);
  });

  it('delete is not possible for a snapshot item', async () => {
    const { plan } = await deletionPlan({ [TARGET_KEY]: { action: 'delete' } });
    expect(codes(byKey(plan, TARGET_KEY))).toContain('action-unavailable');
    expect(plan.blocked).toBe(true);
    expect(() => planToWrites(plan)).toThrow(/blocking problems/);
  });
});

// ---------------------------------------------------------------------------------------------------

describe('writes, pre-image, undo steps and views of deletions', () => {
  const decisions = { 'tenant:x-s': { action: 'delete' }, 'tenant:x-l': { action: 'delete' } } as Record<string, Decision>;

  it('planToWrites and applySteps: DELETE last, targets first, with the live hash to compare', async () => {
    const { plan, live, legacy, extraSource } = await deletionPlan(decisions);
    expect(planToWrites(plan).map((w) => [w.method, w.key, w.systemId])).toEqual([
      ['PUT', TARGET_KEY, 'aec65f88-2e40-480c-bb58-ddf248beebc8'],
      ['DELETE', 'tenant:x-l', 'x-l'],
      ['DELETE', 'tenant:x-s', 'x-s'],
    ]);
    const steps = applySteps(plan);
    expect(steps[1]).toEqual({
      key: 'tenant:x-l',
      kind: 'target',
      name: 'Legacy (old)',
      method: 'DELETE',
      systemId: 'x-l',
      body: legacy,
      credentialNames: [],
      expectHash: await contentHash(legacy),
    });
    expect(steps[2]).toMatchObject({ method: 'DELETE', kind: 'source', name: 'Extra source', expectHash: live.systems.find((s) => s.id === 'x-s')!.contentHash });
    expect(steps[2]!.expectHash).toBe(await contentHash(extraSource));
  });

  it('preImageRecords holds the updated and the deleted systems, not the created ones', async () => {
    const { plan, live } = await deletionPlan({ ...decisions, [S4A_TARGET_KEY]: { action: 'copy', copyName: 'S4A import target copy' } });
    const steps = applySteps(plan);
    expect(steps.map((s) => s.method)).toEqual(['PUT', 'POST', 'DELETE', 'DELETE']);
    expect(preImageRecords(steps, live).map((r) => r.name)).toEqual(['BTP CF provisioning target', 'Extra source', 'Legacy (old)']);
    // The live record as it is (the pre-image), not the snapshot's.
    expect(preImageRecords(steps, live)[0]!.relatedSystems).toEqual(['Local Directory SAP Provisioning']);
  });

  it('undoSteps: a deleted system is created again from its pre-image, all its credentials typed anew', async () => {
    const { plan, live, legacy } = await deletionPlan(decisions);
    const steps = applySteps(plan);
    const outcomes: Record<string, WriteOutcome> = {
      [TARGET_KEY]: { status: 'updated', id: 'aec65f88-2e40-480c-bb58-ddf248beebc8', contentHash: 'h-put', warnings: [] },
      'tenant:x-l': { status: 'deleted', id: 'x-l' },
      'tenant:x-s': { status: 'skipped', reason: 'already deleted: the system is no longer in the tenant' },
    };
    const undo = undoSteps(plan, steps, outcomes, live, '2026-03-04');
    expect(undo.map((s) => [s.method, s.key])).toEqual([
      ['POST', 'tenant:x-l'],
      ['PUT', TARGET_KEY],
    ]);
    const post = undo[0]!;
    expect(post).toEqual({ key: 'tenant:x-l', kind: 'target', name: 'Legacy (old)', method: 'POST', systemId: 'x-l', body: createBody(legacy), credentialNames: ['Password'], expectHash: '' });
    expect(post.body).not.toHaveProperty('id');
    expect(post.body).not.toHaveProperty('tenantId');
    expect(post.body).not.toHaveProperty('fromImport');
    expect(post.body!.encryptedProperties).toEqual({ Password: null });
    expect(post.body!.relatedSystems).toEqual(legacy.relatedSystems);
    // The update is put back with the live record; no credentials (the URL did not change).
    expect(undo[1]).toMatchObject({ method: 'PUT', systemId: 'aec65f88-2e40-480c-bb58-ddf248beebc8', expectHash: 'h-put', credentialNames: [] });
    expect(undo[1]!.body!.properties!['ips.trace.failed.entity.content']).toBe(record('BTPCFprovisioningtarget.json').properties!['ips.trace.failed.entity.content']);
  });

  it('undoSteps: sources deleted are created again before targets (reverse of the deletion order)', async () => {
    const { plan, live } = await deletionPlan(decisions);
    const steps = applySteps(plan);
    const undo = undoSteps(plan, steps, { 'tenant:x-l': { status: 'deleted', id: 'x-l' }, 'tenant:x-s': { status: 'deleted', id: 'x-s' } }, live, '2026-03-04');
    expect(undo.map((s) => [s.method, s.name, s.credentialNames])).toEqual([
      ['POST', 'Extra source', []],
      ['POST', 'Legacy (old)', ['Password']],
    ]);
  });

  it('undoSteps: a credential value in the live record never reaches the POST body', async () => {
    const { plan, live } = await deletionPlan(decisions);
    const leaky: LiveTenant = { ...live, systems: live.systems.map((s) => (s.id === 'x-l' ? { ...s, record: { ...s.record, encryptedProperties: { Password: 'leaked' } } } : s)) };
    const undo = undoSteps(plan, applySteps(plan), { 'tenant:x-l': { status: 'deleted', id: 'x-l' } }, leaky, '2026-03-04');
    expect(undo[0]!.body!.encryptedProperties).toEqual({ Password: null });
    expect(JSON.stringify(undo)).not.toContain('leaked');
  });

  it('diffSides and planView of a row only in the tenant: kept (no change) or deleted (removed), counted', async () => {
    const { plan, live, legacy } = await deletionPlan({ 'tenant:x-l': { action: 'delete' } });
    expect(diffSides(byKey(plan, 'tenant:x-l'), live)).toEqual({ left: legacy, right: null });
    expect(diffSides(byKey(plan, 'tenant:x-s'), live)).toEqual({ left: live.systems.find((s) => s.id === 'x-s')!.record, right: live.systems.find((s) => s.id === 'x-s')!.record });
    const read = readView({ items: [], invalid: [], bundles: [], duplicates: [], notes: [] });
    const view = planView(plan, live, 'all', read);
    expect(view.counts).toEqual({ create: 0, update: 1, copy: 0, skip: 9, delete: 1 });
    const kept = view.items.find((i) => i.key === 'tenant:x-s')!;
    const removed = view.items.find((i) => i.key === 'tenant:x-l')!;
    expect([kept.diffStatus, kept.totals.total]).toEqual(['unchanged', 0]);
    expect(removed.diffStatus).toBe('removed');
    expect(removed.credentialNames).toEqual(['Password']);
    expect(view.restore).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------------

describe('apply loop: DELETE', () => {
  const legacy = () => made('BTPCFprovisioningtarget.json', 'x-l', 'Legacy (old)');
  async function deleteStep(r: SystemFile): Promise<ApplyStep> {
    return { key: 'tenant:x-l', kind: 'target', name: r.name, method: 'DELETE', systemId: String(r.id), body: r, credentialNames: [], expectHash: await contentHash(r) };
  }

  it('re-reads, then deletes, and reports the id', async () => {
    const fake = new FakeConsole([legacy(), record('S4Aimportsource.json')]);
    const rec = recorder<WriteOutcome>();
    expect(await runApply([await deleteStep(legacy())], {}, {}, { client: fake, report: rec.report })).toBeNull();
    expect(fake.calls).toEqual(['GET x-l', 'DELETE x-l']);
    expect(rec.outcomes).toEqual({ 'tenant:x-l': { status: 'deleted', id: 'x-l' } });
    expect([...fake.systems.keys()]).toEqual(['db47bf8b-ea67-4f42-9b4f-c6d5c8aa4493']);
  });

  it('a system edited since the preview is not deleted', async () => {
    const fake = new FakeConsole([legacy()]);
    fake.systems.get('x-l')!.properties!['someone'] = 'edited';
    const rec = recorder<WriteOutcome>();
    await runApply([await deleteStep(legacy())], {}, {}, { client: fake, report: rec.report });
    expect(rec.outcomes['tenant:x-l']).toEqual({ status: 'skipped', reason: `${CHANGED_SINCE_PREVIEW}: someone edited "Legacy (old)" after the preview, so it was not deleted` });
    expect(fake.calls).toEqual(['GET x-l']);
    expect(fake.systems.has('x-l')).toBe(true);
  });

  it('a leaked credential value does not count as a change (the re-read is scrubbed)', async () => {
    const fake = new FakeConsole([{ ...legacy(), encryptedProperties: { Password: 'leaked' } }]);
    const rec = recorder<WriteOutcome>();
    await runApply([await deleteStep(legacy())], {}, {}, { client: fake, report: rec.report });
    expect(rec.outcomes['tenant:x-l']).toEqual({ status: 'deleted', id: 'x-l' });
  });

  it('a system already gone is skipped, not failed', async () => {
    const fake = new FakeConsole([]);
    const rec = recorder<WriteOutcome>();
    await runApply([await deleteStep(legacy())], {}, {}, { client: fake, report: rec.report });
    expect(rec.outcomes['tenant:x-l']).toEqual({ status: 'skipped', reason: 'already deleted: the system is no longer in the tenant' });
    expect(fake.calls).toEqual(['GET x-l']);
  });

  it('a refused DELETE is reported failed and the loop goes on', async () => {
    const fake = new FakeConsole([legacy(), made('S4Aimportsource.json', 'x-s', 'Extra source')]);
    fake.failures.set('DELETE#1', new ConsoleError('The system is in use', 'CONFLICT', 409));
    const second: ApplyStep = { ...(await deleteStep(made('S4Aimportsource.json', 'x-s', 'Extra source'))), key: 'tenant:x-s', kind: 'source' };
    const rec = recorder<WriteOutcome>();
    expect(await runApply([await deleteStep(legacy()), second], {}, {}, { client: fake, report: rec.report })).toBeNull();
    expect(rec.outcomes).toEqual({ 'tenant:x-l': { status: 'failed', reason: 'The system is in use' }, 'tenant:x-s': { status: 'deleted', id: 'x-s' } });
  });
});

describe('undo loop: POST (create a deleted system again)', () => {
  const legacy = () => made('BTPCFprovisioningtarget.json', 'x-l', 'Legacy (old)');
  const postStep = (): UndoStep => ({ key: 'tenant:x-l', kind: 'target', name: 'Legacy (old)', method: 'POST', systemId: 'x-l', body: createBody(legacy()), credentialNames: ['Password'], expectHash: '' });

  it('creates it with the typed credentials; the outcome holds no secret', async () => {
    const fake = new FakeConsole([made('BTPCFprovisioningtarget.json', 'o-1', 'Legacy (old) copy')]);
    const rec = recorder<UndoOutcome>();
    expect(await runUndo([postStep()], {}, { 'tenant:x-l': { Password: 'typed-secret' } }, { client: fake, report: rec.report })).toBeNull();
    // A system whose name only contains the name does not count as taken.
    expect(fake.calls).toEqual(['LIST target:Legacy (old)', 'POST Legacy (old)']);
    expect(rec.outcomes).toEqual({ 'tenant:x-l': { status: 'recreated' } });
    expect(fake.bodies).toHaveLength(1);
    expect(fake.bodies[0]!.body).toEqual({ ...createBody(legacy()), encryptedProperties: { Password: 'typed-secret' } });
    expect(JSON.stringify(rec.outcomes)).not.toContain('typed-secret');
    expect(postStep().body!.encryptedProperties).toEqual({ Password: null });
  });

  it('leaves it when the name is taken again', async () => {
    const fake = new FakeConsole([made('BTPCFprovisioningtarget.json', 'n-2', 'Legacy (old)')]);
    const rec = recorder<UndoOutcome>();
    await runUndo([postStep()], {}, {}, { client: fake, report: rec.report });
    expect(rec.outcomes['tenant:x-l']).toEqual({ status: 'skipped', reason: 'the tenant has a target named "Legacy (old)" again, so it was left as it is' });
    expect(fake.calls).toEqual(['LIST target:Legacy (old)']);
  });


  it.each([
    { label: 'it exists now → recreated', reallyCreates: true, outcome: { status: 'recreated' } },
    {
      label: 'it does not exist → failed, not sent again',
      reallyCreates: false,
      outcome: { status: 'failed', reason: 'The console did not confirm the create (HTTP 502); it was not sent again, so that nothing is created twice. It does not exist in the tenant: undo again.' },
    },
  ])('a lost answer is checked by name, never re-sent: $label', async ({ reallyCreates, outcome }) => {
    const fake = new LosingConsole(reallyCreates);
    const rec = recorder<UndoOutcome>();
    expect(await runUndo([postStep()], {}, {}, { client: fake, report: rec.report })).toBeNull();
    expect(fake.calls).toEqual(['LIST target:Legacy (old)', 'POST Legacy (old)', 'LIST target:Legacy (old)']);
    expect(rec.outcomes['tenant:x-l']).toEqual(outcome);
  });

  it('an undo mixing POST, PUT and DELETE runs in the given order', async () => {
    const before = record('BTPCFprovisioningtarget.json');
    const after = { ...structuredClone(before), alias: 'restored' };
    const created = made('S4Aimportsource.json', 'c-9', 'Created by the restore');
    const fake = new FakeConsole([after, created]);
    const steps: UndoStep[] = [
      postStep(),
      { key: 'u', kind: 'target', name: before.name, method: 'PUT', systemId: String(before.id), body: before, credentialNames: [], expectHash: await contentHash(after) },
      { key: 'c', kind: 'source', name: created.name, method: 'DELETE', systemId: 'c-9', credentialNames: [], expectHash: await contentHash(created) },
    ];
    const rec = recorder<UndoOutcome>();
    await runUndo(steps, {}, {}, { client: fake, report: rec.report });
    expect(rec.outcomes).toEqual({ 'tenant:x-l': { status: 'recreated' }, u: { status: 'restored' }, c: { status: 'deleted' } });
    expect(fake.calls.filter((c) => !c.startsWith('LIST') && !c.startsWith('GET'))).toEqual(['POST Legacy (old)', `PUT ${String(before.id)}`, 'DELETE c-9']);
    expect([...fake.systems.values()].map((s) => s.name).sort()).toEqual(['BTP CF provisioning target', 'Legacy (old)']);
  });
});

/** Planner table tests on the real exports with edits: live tenant = the real exports (teched2025-00). */
import { describe, expect, it } from 'vitest';
import { planImport } from '@/lib/import/plan.ts';
import type { ImportAction, PlanItem, ProblemCode } from '@/lib/import/types.ts';
import type { SystemFile, SystemKind } from '@/lib/model/system.ts';
import { NOW, REAL_RECORDS, liveTenant, record, singleItems } from './helpers.ts';

const OTHER = (r: Record<string, any>) => (r.tenantId = 'other-tenant');
const addMapping = (r: Record<string, any>) => r.transformation.user.mappings.push({ sourcePath: '$.x', targetPath: '$.y' });

interface Row {
  label: string;
  file: string;
  edit?: (r: Record<string, any>) => void;
  targetKind?: SystemKind;
  expected: {
    proposed: ImportAction;
    available?: ImportAction[];
    by?: 'id' | 'name' | null;
    renames?: boolean;
    credentialsNeeded?: string[];
    changeDescriptionNeeded?: boolean;
    errors?: ProblemCode[];
  };
}

const ROWS: Row[] = [
  { label: 'identical file from this tenant → skip', file: 'S4Aimporttarget.json', expected: { proposed: 'skip', by: 'id', errors: [] } },
  { label: 'identical file from another tenant → skip (tenantId is volatile)', file: 'S4Aimporttarget.json', edit: OTHER, expected: { proposed: 'skip', by: 'name' } },
  {
    label: 'changed property → update, stored secrets kept',
    file: 'BTPCFprovisioningtarget.json',
    edit: (r) => (r.properties['ips.trace.failed.entity.content'] = 'false'),
    expected: { proposed: 'update', available: ['update', 'copy', 'skip'], by: 'id', credentialsNeeded: [], changeDescriptionNeeded: false, errors: [] },
  },
  {
    label: 'new name from another tenant → create, every credential needed',
    file: 'BTPCFprovisioningtarget.json',
    edit: (r) => (OTHER(r), (r.name = 'BTP CF provisioning target EU20')),
    expected: { proposed: 'create', available: ['create', 'copy', 'skip'], by: null, credentialsNeeded: ['Password'], errors: [] },
  },
  {
    label: 'renamed file from this tenant (same id) → update with rename',
    file: 'S4Aimportsource.json',
    edit: (r) => (r.name = 'S4A import source renamed'),
    expected: { proposed: 'update', by: 'id', renames: true, errors: [] },
  },
  {
    label: 'renamed file from another tenant (same id) → create: ids only match within one tenant',
    file: 'S4Aimportsource.json',
    edit: (r) => (OTHER(r), (r.name = 'S4A import source renamed')),
    expected: { proposed: 'create', by: null, errors: [] },
  },
  {
    label: 'another tenant, same name, other id → update by name',
    file: 'NON-SAPimportsource.json',
    edit: (r) => (OTHER(r), (r.id = '11111111-1111-4111-8111-111111111111'), (r.properties['ips.new.property'] = 'x')),
    expected: { proposed: 'update', by: 'name', renames: false, errors: [] },
  },
  {
    label: 'source file on the target page → refused',
    file: 'S4Aimportsource.json',
    edit: (r) => (r.name = 'Brand new source'),
    targetKind: 'target',
    expected: { proposed: 'skip', available: ['skip'], errors: ['wrong-page'] },
  },
  {
    label: 'source named like a live target → a target cannot be imported as a source',
    file: 'S4Aimportsource.json',
    edit: (r) => (OTHER(r), (r.name = 'S4A import target')),
    expected: { proposed: 'skip', available: ['copy', 'skip'], by: null, errors: ['kind-mismatch'] },
  },
  {
    label: 'same name, other connector type → only a copy (the type is immutable)',
    file: 'S4Aimporttarget.json',
    edit: (r) => (OTHER(r), (r.connectorTypeString = 'SAP_CLOUD_IDENTITY')),
    expected: { proposed: 'skip', available: ['copy', 'skip'], by: 'name', errors: ['type-mismatch'] },
  },
  {
    label: 'name with an illegal character → error on create',
    file: 'S4Aimportsource.json',
    edit: (r) => (OTHER(r), (r.name = 'S4A/import (new)')),
    expected: { proposed: 'create', errors: ['name-rule'] },
  },
  {
    label: 'URL changed → update needs every credential again',
    file: 'BTPCFprovisioningtarget.json',
    edit: (r) => (r.properties.URL = 'https://api.authentication.eu20.hana.ondemand.com'),
    expected: { proposed: 'update', credentialsNeeded: ['Password'], changeDescriptionNeeded: false },
  },
  {
    label: 'credential added → update needs only the new one',
    file: 'BTPCFprovisioningtarget.json',
    edit: (r) => (r.encryptedProperties['xsuaa.extra.secret'] = null),
    expected: { proposed: 'update', credentialsNeeded: ['xsuaa.extra.secret'] },
  },
  {
    label: 'transformation changed → change description needed',
    file: 'S4Aimporttarget.json',
    edit: addMapping,
    expected: { proposed: 'update', changeDescriptionNeeded: true, credentialsNeeded: [], errors: [] },
  },
  {
    label: 'transformation keys reordered only → identical',
    file: 'S4Aimporttarget.json',
    edit: (r) => (r.transformation = Object.fromEntries(Object.entries(r.transformation).reverse())),
    expected: { proposed: 'skip', changeDescriptionNeeded: false },
  },
  { label: 'SAP template without id → create', file: 'ips_system_template_target.json', expected: { proposed: 'create', by: null, credentialsNeeded: [] } },
];

async function planOne(r: SystemFile, targetKind?: SystemKind, live?: SystemFile[]): Promise<PlanItem> {
  const plan = planImport({ items: await singleItems([r]), live: await liveTenant(live), targetKind, now: NOW });
  return plan.items[0]!;
}

const errorsOf = (item: PlanItem) => item.problems.filter((p) => p.level === 'error').map((p) => p.code);

describe('planImport: one file against the real tenant', () => {
  it.each(ROWS)('$label', async ({ file, edit, targetKind, expected }) => {
    const item = await planOne(record(file, edit), targetKind);
    const { errors, by, ...rest } = expected;
    expect(item).toMatchObject({ ...rest, action: expected.proposed });
    if (by !== undefined) expect(item.match?.by ?? null).toBe(by);
    if (errors) expect(errorsOf(item)).toEqual(errors);
  });

  it('prefills the change description with file and date', async () => {
    const item = await planOne(record('S4Aimporttarget.json', addMapping));
    expect(item.changeDescription).toBe('Imported with IPS Snapshots from 0-S4A import target.json on 2026-03-04');
  });

  it('suggests a copy name that passes the name rules and is free', async () => {
    const item = await planOne(record('S4Aimportsource.json', (r) => (OTHER(r), (r.name = 'S4A/import (new)'))));
    expect(item.suggestedCopyName).toBe('S4A_import _new_ copy');
    const taken = await planOne(record('S4Aimportsource.json'));
    expect(taken.suggestedCopyName).toBe('S4A import source copy');
  });
});

describe('planImport: customer-managed limits', () => {
  const sources = (n: number, type = 'CUSTOMER_MANAGED') =>
    Array.from({ length: n }, (_, i) =>
      record('S4Aimportsource.json', (r) => ((r.id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`), (r.name = `Source ${i}`), (r.systemManagementType = type))),
    );
  const newSource = () => record('SAPprovisioningsource.json', (r) => (OTHER(r), (r.name = 'One more source')));

  it('refuses a new source when the tenant has 20 customer-managed sources', async () => {
    const item = await planOne(newSource(), undefined, sources(20));
    expect(errorsOf(item)).toEqual(['limit']);
    expect(item.problems[0]!.message).toMatch(/20 of 20 customer-managed source systems/);
  });

  it.each([
    ['19 customer-managed', sources(19)],
    ['20 SAP-initiated', sources(20, 'SAP_INITIATED')],
  ])('allows it with %s', async (_label, live) => {
    expect(errorsOf(await planOne(newSource(), undefined, live))).toEqual([]);
  });

  it('counts a record without systemManagementType as customer-managed', async () => {
    const live = sources(20).map((r) => (delete r.systemManagementType, r));
    expect(errorsOf(await planOne(newSource(), undefined, live))).toEqual(['limit']);
  });

  it('counts every planned create of the kind', async () => {
    const items = await singleItems([newSource(), record('SAPprovisioningsource.json', (r) => (OTHER(r), (r.name = 'Two more')))]);
    const plan = planImport({ items, live: await liveTenant(sources(19)), now: NOW });
    expect(plan.items.map(errorsOf)).toEqual([['limit'], ['limit']]);
    expect(plan.blocked).toBe(true);
  });
});

describe('planImport: linked sources and order', () => {
  const LINKED = 'Local Directory SAP Provisioning';
  const newTarget = () => record('S4Aprovisioningtarget.json', (r) => (OTHER(r), (r.name = 'S4A provisioning target 2')));
  const linkedSource = () => record('SAPprovisioningsource.json', (r) => (OTHER(r), (r.id = '22222222-2222-4222-8222-222222222222'), (r.name = LINKED)));
  const missing = (item: PlanItem) => item.problems.find((p) => p.code === 'missing-sources');

  it('applies the linked source first and does not warn when the plan creates it', async () => {
    const plan = planImport({ items: await singleItems([newTarget(), linkedSource()]), live: await liveTenant(), now: NOW });
    expect(plan.items.map((i) => [i.kind, i.name, i.action])).toEqual([
      ['source', LINKED, 'create'],
      ['target', 'S4A provisioning target 2', 'create'],
    ]);
    expect(missing(plan.items[1]!)).toBeUndefined();
  });

  it('warns about a missing linked source and offers it when the import holds it', async () => {
    const plan = planImport({ items: await singleItems([newTarget(), linkedSource()]), live: await liveTenant(), targetKind: 'target', now: NOW });
    const target = plan.items.find((i) => i.kind === 'target')!;
    expect(missing(target)).toEqual({ code: 'missing-sources', level: 'warning', message: expect.stringMatching(/"Local Directory SAP Provisioning".*import it first/s), offerSources: [LINKED] });
    expect(plan.blocked).toBe(false);
  });

  it('warns without an offer when the import does not hold it', async () => {
    const plan = planImport({ items: await singleItems([newTarget()]), live: await liveTenant(), now: NOW });
    expect(missing(plan.items[0]!)).toMatchObject({ level: 'warning', offerSources: [] });
  });

  it('does not warn when the tenant has the source', async () => {
    const live = [...REAL_RECORDS(), linkedSource()];
    const plan = planImport({ items: await singleItems([newTarget()]), live: await liveTenant(live), now: NOW });
    expect(plan.items[0]!.problems).toEqual([]);
  });
});

describe('planImport: a whole tenant', () => {
  it('re-importing every real export into its own tenant changes nothing', async () => {
    const plan = planImport({ items: await singleItems(REAL_RECORDS()), live: await liveTenant(), now: NOW });
    expect(plan.items.every((i) => i.action === 'skip' && i.identical && i.match?.by === 'id')).toBe(true);
    expect(plan.blocked).toBe(false);
    expect(plan.items.map((i) => i.kind)).toEqual([...plan.items.map((i) => i.kind)].sort((a, b) => ['source', 'target', 'proxy'].indexOf(a) - ['source', 'target', 'proxy'].indexOf(b)));
  });

  it('is plain JSON, so a pending plan can be kept and resumed', async () => {
    const plan = planImport({ items: await singleItems(REAL_RECORDS()), live: await liveTenant([]), now: NOW });
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
  });
});

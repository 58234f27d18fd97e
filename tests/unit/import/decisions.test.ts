/** Decisions re-validate the plan; planToWrites turns it into ordered writes without secrets. */
import { describe, expect, it } from 'vitest';
import { applyDecisions, planImport, planToWrites } from '@/lib/import/plan.ts';
import { readImportFiles } from '@/lib/import/read.ts';
import type { ImportItem, ImportPlan, PlanItem } from '@/lib/import/types.ts';
import type { SystemFile } from '@/lib/model/system.ts';
import { NOW, bundleOf, encode, liveTenant, record, singleItems } from './helpers.ts';

const OTHER = (r: Record<string, any>) => (r.tenantId = 'other-tenant');
const errorsOf = (item: PlanItem) => item.problems.filter((p) => p.level === 'error').map((p) => p.code);
const byName = (plan: ImportPlan, name: string) => plan.items.find((i) => i.name === name)!;

async function plan(records: SystemFile[], live?: SystemFile[]): Promise<ImportPlan> {
  return planImport({ items: await singleItems(records), live: await liveTenant(live), now: NOW });
}

describe('applyDecisions', () => {
  it('re-validates a copy name: taken → blocked, free → fine', async () => {
    const p = await plan([record('S4Aimportsource.json', (r) => (r.alias = 'changed'))]);
    const key = p.items[0]!.key;
    expect(p.items[0]!.suggestedCopyName).toBe('S4A import source copy');
    const taken = applyDecisions(p, { [key]: { action: 'copy', copyName: 'S4A import target' } });
    expect(errorsOf(taken.items[0]!)).toEqual(['name-taken']);
    expect(taken.blocked).toBe(true);
    const illegal = applyDecisions(p, { [key]: { action: 'copy', copyName: 'a:b' } });
    expect(errorsOf(illegal.items[0]!)).toEqual(['name-rule']);
    const free = applyDecisions(p, { [key]: { action: 'copy' } });
    expect(free.blocked).toBe(false);
    expect(free.items[0]).toMatchObject({ finalName: 'S4A import source copy', credentialsNeeded: [] });
  });

  it('fixes a name-rule error by importing as a copy with the suggested name', async () => {
    const p = await plan([record('BTPCFprovisioningtarget.json', (r) => (OTHER(r), (r.name = 'BTP (EU)')))]);
    expect(p.blocked).toBe(true);
    const fixed = applyDecisions(p, { [p.items[0]!.key]: { action: 'copy' } });
    expect(fixed.blocked).toBe(false);
    expect(fixed.items[0]).toMatchObject({ finalName: 'BTP _EU_ copy', credentialsNeeded: ['Password'] });
  });

  it('clears a limit error once enough creates are skipped', async () => {
    const live = Array.from({ length: 19 }, (_, i) => record('S4Aimportsource.json', (r) => ((r.id = `id-${i}`), (r.name = `Source ${i}`))));
    const news = ['A', 'B', 'C'].map((n) => record('SAPprovisioningsource.json', (r) => (OTHER(r), (r.name = `New ${n}`))));
    const p = await plan(news, live);
    expect(p.blocked).toBe(true);
    const one = applyDecisions(p, { [byName(p, 'New A').key]: { action: 'skip' } });
    expect(one.blocked).toBe(true);
    const two = applyDecisions(one, { [byName(p, 'New B').key]: { action: 'skip' } });
    expect(two.blocked).toBe(false);
    expect(two.items.map((i) => i.action)).toEqual(['skip', 'skip', 'create']);
  });

  it('requires a change description for a transformation change', async () => {
    const p = await plan([record('S4Aimporttarget.json', (r) => r.transformation.user.mappings.pop())]);
    const key = p.items[0]!.key;
    expect(p.items[0]!.changeDescriptionNeeded).toBe(true);
    expect(errorsOf(applyDecisions(p, { [key]: { action: 'update', changeDescription: '  ' } }).items[0]!)).toEqual(['change-description']);
    const edited = applyDecisions(p, { [key]: { action: 'update', changeDescription: 'Drop the last user mapping' } });
    expect(planToWrites(edited)[0]!.changeDescription).toBe('Drop the last user mapping');
  });

  it('refuses an action that is not available', async () => {
    const p = await plan([record('S4Aimportsource.json', (r) => (OTHER(r), (r.name = 'New one')))]);
    const updated = applyDecisions(p, { [p.items[0]!.key]: { action: 'update' } });
    expect(errorsOf(updated.items[0]!)).toEqual(['action-unavailable']);
  });

  it('ignores decisions for keys not in the plan', async () => {
    const p = await plan([record('S4Aimportsource.json')]);
    expect(applyDecisions(p, { nope: { action: 'create' } })).toEqual(p);
  });
});

describe('integrity mismatch', () => {
  async function tamperedItem(): Promise<ImportItem[]> {
    const edited = JSON.stringify(record('S4Aimporttarget.json', (r) => (r.alias = 'edited')), null, 4);
    const { unzipSync, zipSync, strToU8 } = await import('fflate');
    const files = unzipSync(await bundleOf([edited], 'https://t2.accounts.ondemand.com'));
    files['target/S4A import target.json'] = strToU8(edited.replace('"edited"', '"edited again"'));
    const { items } = await readImportFiles([{ name: 'b.zip', bytes: zipSync(files) }]);
    expect(items[0]!.integrity).toBe('mismatch');
    return items;
  }

  it('is never imported silently: proposed skip, an update needs explicit acceptance', async () => {
    const p = planImport({ items: await tamperedItem(), live: await liveTenant(), now: NOW });
    const item = p.items[0]!;
    expect(item).toMatchObject({ proposed: 'skip', action: 'skip', available: ['update', 'copy', 'skip'] });
    expect(item.problems).toEqual([expect.objectContaining({ code: 'integrity', level: 'warning' })]);
    expect(planToWrites(p)).toEqual([]);
    const unaccepted = applyDecisions(p, { [item.key]: { action: 'update' } });
    expect(errorsOf(unaccepted.items[0]!)).toEqual(['integrity']);
    expect(() => planToWrites(unaccepted)).toThrow(/blocking problems/);
    const accepted = applyDecisions(p, { [item.key]: { action: 'update', acceptIntegrityMismatch: true } });
    expect(accepted.blocked).toBe(false);
    expect(planToWrites(accepted)[0]!.body.alias).toBe('edited again');
  });
});

describe('duplicates in one import', () => {
  it('skips an identical second copy', async () => {
    const r = record('S4Aimporttarget.json', (x) => (x.alias = 'new'));
    const p = await plan([r, structuredClone(r)]);
    expect(p.items.map((i) => [i.action, i.duplicateOf])).toEqual([['update', null], ['skip', p.items[0]!.key]]);
    expect(p.blocked).toBe(false);
  });

  it('blocks two different versions of one system until one is chosen', async () => {
    const p = await plan([record('S4Aimporttarget.json', (x) => (x.alias = 'one')), record('S4Aimporttarget.json', (x) => (x.alias = 'two'))]);
    expect(p.items.map(errorsOf)).toEqual([['name-clash'], ['name-clash']]);
    const chosen = applyDecisions(p, { [p.items[0]!.key]: { action: 'skip' } });
    expect(chosen.blocked).toBe(false);
    expect(planToWrites(chosen).map((w) => w.body.alias)).toEqual(['two']);
  });
});

describe('planToWrites', () => {
  it('orders sources before targets and builds bodies without secrets', async () => {
    const target = record('BTPCFprovisioningtarget.json', (r) => (OTHER(r), (r.name = 'New target'), (r.encryptedProperties.Password = 'leaked!')));
    const source = record('SAPprovisioningsource.json', (r) => (OTHER(r), (r.name = 'Local Directory SAP Provisioning')));
    const update = record('S4Aimporttarget.json', (r) => ((r.properties.URL = 'https://new.example'), r.transformation.user.mappings.pop()));
    const p = await plan([target, update, source]);
    const writes = planToWrites(p);
    expect(writes.map((w) => [w.method, w.kind, w.body.name])).toEqual([
      ['POST', 'source', 'Local Directory SAP Provisioning'],
      ['POST', 'target', 'New target'],
      ['PUT', 'target', 'S4A import target'],
    ]);
    const [, created, put] = writes;
    for (const key of ['id', 'tenantId', 'fromImport', 'transformationChanged', 'readTransformationChanged', 'writeTransformationChanged']) {
      expect(created!.body).not.toHaveProperty(key);
    }
    expect(created!.body.encryptedProperties).toEqual({ Password: null });
    expect(JSON.stringify(writes)).not.toContain('leaked!');
    expect(created!.body.relatedSystems).toEqual(['Local Directory SAP Provisioning']);
    expect(created).toMatchObject({ credentialNames: ['Password'] });
    expect(created!.changeDescription).toBeUndefined();
    expect(put).toMatchObject({ systemId: '61b2b3d4-f4c6-4c44-8383-ff0350e2b866', credentialNames: [], changeDescription: expect.stringMatching(/^Imported with IPS Snapshots/) });
    expect(put!.body.id).toBe('61b2b3d4-f4c6-4c44-8383-ff0350e2b866');
    expect(Object.keys(put!.body)).toEqual(Object.keys(update));
  });

  it('sends a PUT to the live id when another tenant has the system under another id', async () => {
    const r = record('S4Aimportsource.json', (x) => (OTHER(x), (x.id = 'foreign-id'), (x.alias = 'changed')));
    const [write] = planToWrites(await plan([r]));
    expect(write).toMatchObject({ method: 'PUT', systemId: 'db47bf8b-ea67-4f42-9b4f-c6d5c8aa4493', body: { id: 'db47bf8b-ea67-4f42-9b4f-c6d5c8aa4493', tenantId: 'teched2025-00' } });
  });

  it('makes no writes for an identical re-import', async () => {
    const items = await readImportFiles([{ name: 'x.json', bytes: encode(JSON.stringify(record('S4Aimportsource.json'))) }]);
    expect(planToWrites(planImport({ items: items.items, live: await liveTenant(), now: NOW }))).toEqual([]);
  });
});

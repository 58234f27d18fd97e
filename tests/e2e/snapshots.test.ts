import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page, Worker } from 'playwright-core';
import { callBackground, dumpExtensionDb, launch, PROD_BUILD, TEST_BUILD, type Harness } from './harness.ts';
import { realExports, seedSecrets } from './fixtures.ts';

const fixtures = realExports();
const secrets = seedSecrets(fixtures);
const texts = fixtures.map((f) => f.bytes.toString('utf8'));
const sources = fixtures.filter((f) => f.record.accessMode === 'READ');
const targets = fixtures.filter((f) => f.record.accessMode === 'WRITE');

interface Detail {
  snapshot: { id: number; damaged: boolean; systemCount: number };
  systems: Array<{ status: string; name: string; recordHash: string }>;
  integrity: { damaged: boolean; problems: string[] };
}

let h: Harness;

beforeAll(async () => {
  h = await launch();
});
afterAll(async () => h?.close());

async function call<T>(name: string, payload: unknown = {}): Promise<T> {
  const reply = await callBackground<T>(await h.worker(), name, payload);
  if (!reply.ok) throw new Error(`${name}: ${reply.error.code} ${reply.error.message}`);
  return reply.value;
}

/** The seed with `name`'s properties edited (as the console would after an admin's change). */
function seedWith(name?: string, value?: string): string[] {
  return fixtures.map((f, i) => {
    if (f.record.name !== name) return texts[i]!;
    const record = JSON.parse(texts[i]!.replace(/^\uFEFF/, ''));
    record.properties = { ...record.properties, 'ips.trace.failed.entity.content': value };
    return JSON.stringify(record, null, 4);
  });
}

/** Exports the list on `route` and returns the snapshot id the panel reports (or its store error). */
async function exportList(route: string): Promise<{ id: number | null; storeError: string | null; page: Page }> {
  const page = await h.openConsole(route);
  await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId('ipx-export-kind').click()]);
  await page.getByTestId('ipx-summary').waitFor();
  const saved = await page.getByTestId('ipx-snapshot-saved').textContent({ timeout: 1_000 }).catch(() => null);
  const storeError = await page.getByTestId('ipx-store-error').textContent({ timeout: 1_000 }).catch(() => null);
  return { id: saved ? Number(/#(\d+)/.exec(saved)![1]) : null, storeError, page };
}

async function rawCounts(worker: Worker) {
  const dump = await dumpExtensionDb(worker);
  return { snapshots: (dump.snapshots ?? []) as Array<{ id: number; base: number | null; upserts?: unknown[] }>, records: ((dump.records ?? []) as Array<{ hash: string }>).map((r) => r.hash).sort() };
}

describe('Snapshots that last, in Chromium', () => {
  it('two exports with one property changed in between: two snapshots, unchanged systems stored once', async () => {
    await h.sim.reset({ systems: seedWith(), secrets });
    const before = await rawCounts(await h.worker());
    const first = await exportList('#/sourceSystems');
    await first.page.close();
    await h.sim.reset({ systems: seedWith(sources[1]!.record.name, 'true'), secrets });
    const second = await exportList('#/sourceSystems');
    await second.page.close();
    expect(first.id).not.toBeNull();
    expect(second.id).toBeGreaterThan(first.id!);

    const after = await rawCounts(await h.worker());
    expect(after.snapshots.length).toBe(before.snapshots.length + 2);
    expect(after.records.length).toBe(before.records.length + sources.length + 1);
    const stored = after.snapshots.find((s) => s.id === second.id)!;
    expect(stored.base).toBe(first.id);
    expect(stored.upserts).toHaveLength(1);

    const [a, b] = [await call<Detail>('snapshots.get', { id: first.id }), await call<Detail>('snapshots.get', { id: second.id })];
    expect(a.systems).toHaveLength(sources.length);
    const changed = b.systems.filter((s) => a.systems.find((x) => x.name === s.name)!.recordHash !== s.recordHash);
    expect(changed.map((s) => s.name)).toEqual([sources[1]!.record.name]);
    expect([a.integrity.damaged, b.integrity.damaged]).toEqual([false, false]);
    const storage = await call<{ usage: number; snapshots: number; unlimitedStorage: boolean }>('snapshots.storage');
    expect(storage).toMatchObject({ snapshots: after.snapshots.length, unlimitedStorage: true });
    expect(storage.usage).toBeGreaterThan(0);
  });

  it('a record corrupted through the service worker: snapshot shown damaged, restore refused', async () => {
    await h.sim.reset({ systems: seedWith(), secrets });
    const { id, page } = await exportList('#/targetSystems');
    await page.close();
    const detail = await call<Detail>('snapshots.get', { id });
    const victim = detail.systems.find((s) => s.name === targets[0]!.record.name)!;
    await (await h.worker()).evaluate(
      (hash) =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('ips-snapshots');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const tx = open.result.transaction('records', 'readwrite');
            const store = tx.objectStore('records');
            const get = store.get(hash);
            get.onsuccess = () => store.put({ ...get.result, record: { ...get.result.record, description: 'changed on disk' } });
            tx.oncomplete = () => (open.result.close(), resolve());
            tx.onerror = () => reject(tx.error);
          };
        }),
      victim.recordHash,
    );
    const damaged = await call<Detail>('snapshots.get', { id });
    expect(damaged.integrity.damaged).toBe(true);
    expect(damaged.integrity.problems.join(' ')).toContain(`"${victim.name}" does not match its hash`);
    const refused = await callBackground(await h.worker(), 'snapshots.records', { id, systems: [targets[1]!.record.id] });
    expect(refused).toMatchObject({ ok: false, error: { code: 'SNAPSHOT_DAMAGED' } });
    const viewing = await call<{ records: Array<{ record: unknown; problem: string | null }> }>('snapshots.records', { id, allowDamaged: true });
    expect(viewing.records.filter((r) => r.record === null)).toHaveLength(1);
    const list = await call<{ items: Array<{ id: number; damaged: boolean }> }>('snapshots.list', { origin: h.origin });
    expect(list.items.find((s) => s.id === id)?.damaged).toBe(true);
  });

  it('a transaction aborted after k writes (test hook): no manifest and no orphan records; the admin is told', async () => {
    await h.sim.reset({ systems: seedWith(targets[2]!.record.name, 'changed'), secrets });
    const worker = await h.worker();
    const before = await rawCounts(worker);
    await worker.evaluate(() => (globalThis as unknown as { __ipxTest: { abortNextWriteAfter(k: number): void } }).__ipxTest.abortNextWriteAfter(1));
    const { id, storeError, page } = await exportList('#/targetSystems');
    await page.close();
    expect(id).toBeNull();
    expect(storeError).toContain('Nothing partial was kept');
    expect(await rawCounts(await h.worker())).toEqual(before);
  });

  it('scheduled snapshots ask the open console tab of the tenant (alarm handler run directly)', async () => {
    const off = await callBackground(await h.worker(), 'settings.get');
    expect(off).toMatchObject({ ok: true, value: { scheduled: { enabled: false } } });
    await call('settings.set', { scheduled: { enabled: true, intervalMinutes: 60 } });
    const page = await h.openConsole('#/sourceSystems');
    await page.getByTestId('ipx-export-kind').waitFor();
    const worker = await h.worker();
    const alarm = await worker.evaluate(() => (globalThis as unknown as { chrome: { alarms: { get(n: string): Promise<{ periodInMinutes?: number } | undefined> } } }).chrome.alarms.get('ipx-scheduled-snapshot'));
    expect(alarm?.periodInMinutes).toBe(60);
    const runs = await worker.evaluate(() => (globalThis as unknown as { __ipxTest: { runScheduledSnapshots(): Promise<unknown> } }).__ipxTest.runScheduledSnapshots());
    expect(runs).toEqual([expect.objectContaining({ origin: h.origin, tabId: expect.any(Number) })]);
    await call('settings.set', { scheduled: { enabled: false } });
    await page.close();
  });

  it('the production build carries no test hook', async () => {
    expect(existsSync(join(TEST_BUILD, 'background.js'))).toBe(true);
    expect(await readFile(join(TEST_BUILD, 'background.js'), 'utf8')).toContain('__ipxTest');
    const prod = join(PROD_BUILD, 'background.js');
    expect(existsSync(prod), 'run `npm run build` first (npm test does)').toBe(true);
    expect(await readFile(prod, 'utf8')).not.toContain('__ipxTest');
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { callBackground, dumpExtensionDb, launch, SHOTS, type Harness } from './harness.ts';
import { expectedContentHash, realExports, seedSecrets, sha256 } from './fixtures.ts';
import { exportVia, manifestOf } from './bundle-helpers.ts';

/**
 * "Import with diff" end to end, against the simulator seeded with the real exports (and made-up
 * secrets): bundle and single files in, plan and diff shown, nothing written before the confirmation,
 * apply, Undo, and a resume after the console session expired in the middle of an apply.
 */
const fixtures = realExports();
const secrets = seedSecrets(fixtures);
const VOLATILE = ['id', 'tenantId', 'fromImport', 'transformationChanged', 'readTransformationChanged', 'writeTransformationChanged'];
type Sys = Record<string, any>;

let h: Harness;
beforeAll(async () => {
  h = await launch();
  await mkdir(SHOTS, { recursive: true });
});
afterAll(async () => h?.close());
beforeEach(async () => {
  await h.sim.reset({ secrets });
  await h.setSettings({ budget: { perMinute: 3000, inFlight: 4 } });
});

const fixture = (name: string) => structuredClone(fixtures.find((f) => f.record.name === name)!.record) as Sys;
const pretty = (r: unknown) => JSON.stringify(r, null, 4);
const file = (name: string, text: string | Uint8Array) => ({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(typeof text === 'string' ? strToU8(text) : text) });
const strip = (s: Sys) => Object.fromEntries(Object.entries(s).filter(([k]) => !VOLATILE.includes(k)));
const writes = (log: Array<{ method: string }>) => log.filter((r) => r.method !== 'GET');
const byName = (state: { systems: Sys[] }, name: string) => state.systems.find((s) => s.name === name)!;

/** Opens the dialog; the previous test's finished import is shown first, and "New import" leaves it. */
async function openImport(route: string): Promise<Page> {
  const page = await h.openConsole(route);
  await startImport(page);
  return page;
}

async function startImport(page: Page) {
  await page.getByTestId('ipx-import').click();
  const drop = page.getByTestId('ipx-import-drop');
  const leave = page.getByTestId('ipx-import-new').or(page.getByTestId('ipx-import-restart'));
  await drop.or(leave).waitFor();
  if (!(await drop.isVisible())) await leave.click();
  await drop.waitFor();
}

async function chooseFiles(page: Page, files: Array<ReturnType<typeof file>>) {
  await page.getByTestId('ipx-import-file').setInputFiles(files);
}

async function waitForPlan(page: Page) {
  await page.getByTestId('ipx-plan').waitFor({ timeout: 30_000 });
}

const row = (page: Page, name: string) => page.locator(`[data-testid="ipx-plan-row"][data-name="${name}"]`);

async function actions(page: Page): Promise<Record<string, string>> {
  const rows = await page.getByTestId('ipx-plan-row').evaluateAll((els) => els.map((e) => [e.getAttribute('data-name'), e.getAttribute('data-action')]));
  return Object.fromEntries(rows);
}

async function applyAndWait(page: Page, confirmText?: RegExp) {
  await page.getByTestId('ipx-import-apply').click();
  if (confirmText) await expect(page.getByTestId('ipx-import-confirm-text').textContent()).resolves.toMatch(confirmText);
  await page.getByTestId('ipx-import-confirm').click();
  await page.getByTestId('ipx-import-summary').waitFor({ timeout: 60_000 });
}

/** A bundle of this tenant (exported by the extension) with files edited and the manifest updated to match. */
async function editedBundle(page: Page, edits: Record<string, (r: Sys) => void>): Promise<Uint8Array> {
  const { files } = await exportVia(h, page, 'ipx-export-kind');
  await page.getByTestId('ipx-close').click();
  const manifest = manifestOf(files);
  for (const [name, edit] of Object.entries(edits)) {
    const entry = manifest.systems.find((s: { name: string }) => s.name === name);
    const record = JSON.parse(Buffer.from(files.get(entry.path)!).toString('utf8')) as Sys;
    edit(record);
    const bytes = strToU8(pretty(record));
    files.set(entry.path, bytes);
    entry.fileSha256 = sha256(bytes);
    entry.contentHash = expectedContentHash(record);
  }
  files.set('manifest.json', strToU8(JSON.stringify(manifest, null, 2)));
  return zipSync(Object.fromEntries(files));
}

describe('Import with diff', () => {
  it('imports an edited bundle: the diff is shown, nothing is written before Apply, the tenant then holds the files', async () => {
    const page = await h.openConsole('#/targetSystems');
    const bundle = await editedBundle(page, {
      'BTP CF provisioning target': (r) => {
        r.properties['ips.trace.failed.entity.content'] = 'false';
        r.properties['ips.new.property'] = 'added by the test';
        r.transformation.user.mappings.push({ sourcePath: '$.emails[0].value', targetPath: '$.testMail', optional: true });
      },
      'S4A import target': (r) => (r.alias = 'Edited description'),
    });
    await h.sim.clearRequests();
    await startImport(page);
    await chooseFiles(page, [file('edited.zip', bundle)]);
    await waitForPlan(page);
    const proposed = await actions(page);
    expect(proposed['BTP CF provisioning target']).toBe('update');
    expect(proposed['S4A import target']).toBe('update');
    expect(Object.values(proposed).filter((a) => a === 'update')).toHaveLength(2);
    expect(Object.values(proposed).filter((a) => a === 'skip')).toHaveLength(fixtures.filter((f) => f.record.accessMode === 'WRITE').length - 2);
    await expect(page.getByTestId('ipx-import-totals').textContent()).resolves.toMatch(/2 updates/);

    // The diff of the edited target: properties changed and added, one mapping added, text view.
    const target = row(page, 'BTP CF provisioning target');
    await target.getByTestId('ipx-plan-expand').click();
    const diff = page.locator('[data-testid="ipx-diff"]');
    await diff.getByTestId('ipx-diff-structured').waitFor();
    await expect(diff.locator('[data-testid="ipx-diff-property"][data-name="ips.trace.failed.entity.content"]').getAttribute('data-change')).resolves.toBe('changed');
    await expect(diff.locator('[data-testid="ipx-diff-property"][data-name="ips.new.property"]').getAttribute('data-change')).resolves.toBe('added');
    await expect(diff.locator('[data-testid="ipx-diff-mapping"][data-change="added"]').getAttribute('data-path')).resolves.toBe('$.testMail');
    await expect(diff.getByTestId('ipx-diff-text-unified').textContent()).resolves.toContain('"$.testMail"');
    await expect(diff.getByTestId('ipx-diff-totals').textContent()).resolves.toMatch(/^3 changes: 0 metadata, 2 properties, 0 credentials, 1 mapping, 0 other$/);
    await expect(diff.locator('[data-testid="ipx-diff-field"][data-field="id"]').count()).resolves.toBe(0);
    await diff.getByTestId('ipx-diff-volatile').check();
    await diff.getByTestId('ipx-diff-mode-side').click();
    await diff.getByTestId('ipx-diff-text-side').waitFor();
    await page.screenshot({ path: join(SHOTS, 'import-diff.png') });
    await diff.screenshot({ path: join(SHOTS, 'import-diff-full.png') });
    await diff.getByTestId('ipx-diff-volatile').uncheck();
    await diff.getByTestId('ipx-diff-mode-unified').click();
    await target.getByTestId('ipx-plan-expand').click();
    await expect(page.getByTestId('ipx-change-description').inputValue()).resolves.toMatch(/^Imported with IPS Snapshots from .* on \d{4}-\d{2}-\d{2}$/);
    await page.screenshot({ path: join(SHOTS, 'import-plan.png') });

    // The plan alone (reading, planning, diffs) issued no write.
    expect(writes(await h.sim.requests())).toEqual([]);

    await applyAndWait(page, new RegExp(`^Apply 2 updates to ${h.origin.replace(/[.]/g, '\\.')}\\?`));
    await expect(page.getByTestId('ipx-import-summary').textContent()).resolves.toMatch(/0 created, 2 updated, 0 skipped, 0 failed/);
    const state = await h.sim.state();
    const sources = new Set(state.systems.filter((s) => s.accessMode === 'READ').map((s) => s.name));
    for (const name of ['BTP CF provisioning target', 'S4A import target']) {
      const expected = fixture(name);
      if (name === 'BTP CF provisioning target') {
        expected.properties['ips.trace.failed.entity.content'] = 'false';
        expected.properties['ips.new.property'] = 'added by the test';
        expected.transformation.user.mappings.push({ sourcePath: '$.emails[0].value', targetPath: '$.testMail', optional: true });
      } else expected.alias = 'Edited description';
      // The console drops linked sources that don't exist, with a warning shown in the results.
      expected.relatedSystems = expected.relatedSystems.filter((n: string) => sources.has(n));
      const got = byName(state, name);
      expect(strip({ ...got, encryptedProperties: null })).toEqual(strip({ ...expected, encryptedProperties: null }));
      expect(Object.keys(got.encryptedProperties)).toEqual(Object.keys(expected.encryptedProperties));
      // Written in the file's key order (the console keeps keys as received).
      expect(JSON.stringify(got.transformation)).toBe(JSON.stringify(expected.transformation));
      expect(Object.keys(got)).toEqual(Object.keys(expected));
    }
    // Stored secrets were kept (null in the PUT body).
    expect(byName(state, 'BTP CF provisioning target').encryptedProperties.Password).toBe(secrets['BTP CF provisioning target']!.Password);
    // Every other system is untouched.
    for (const f of fixtures.filter((f) => !['BTP CF provisioning target', 'S4A import target'].includes(f.record.name))) {
      expect(strip({ ...byName(state, f.record.name), encryptedProperties: null }), f.record.name).toEqual(strip({ ...f.record, encryptedProperties: null }));
    }
    const puts = writes(await h.sim.requests());
    expect(puts.map((r) => r.method)).toEqual(['PUT', 'PUT']);
    await expect(page.locator('[data-testid="ipx-result-row"][data-name="BTP CF provisioning target"]').textContent()).resolves.toMatch(/does not exist and was not saved/);
    const history = (await h.sim.state()) as unknown as { history: Record<string, Array<{ description: string }>> };
    expect(history.history[byName(state, 'BTP CF provisioning target').id]?.at(-1)?.description).toMatch(/^Imported with IPS Snapshots/);
    // A pre-image snapshot of the two updated systems was kept before the writes.
    const snapshotId = Number((await page.getByTestId('ipx-import-snapshot').textContent())!.match(/#(\d+)/)![1]);
    const pre = await callBackground<{ snapshot: { trigger: string }; systems: Array<{ name: string }> }>(await h.worker(), 'snapshots.get', { id: snapshotId });
    expect(pre.ok && pre.value.snapshot.trigger).toBe('pre-write');
    expect(pre.ok && pre.value.systems.map((s) => s.name).sort()).toEqual(['BTP CF provisioning target', 'S4A import target']);
    await page.screenshot({ path: join(SHOTS, 'import-applied.png') });
    await page.close();
  });

  it('sends typed secrets to the console and nowhere else', async () => {
    const secret = 'Typed-S3cret-for-the-test!';
    const incoming = fixture('BTP CF import source');
    Object.assign(incoming, { id: '11111111-2222-4333-8444-555555555555', tenantId: 'another-tenant', name: 'BTP CF import source EU20' });
    const page = await openImport('#/sourceSystems');
    const consoleLines: string[] = [];
    page.on('console', (m) => consoleLines.push(m.text()));
    const carriers: string[] = [];
    page.on('request', (r) => {
      if ((r.postData() ?? '').includes(secret) || r.url().includes(secret)) carriers.push(`${r.method()} ${new URL(r.url()).pathname}`);
    });
    // A native file without extension, minified.
    await chooseFiles(page, [file('BTPCFimportsourceEU20', JSON.stringify(incoming))]);
    await waitForPlan(page);
    await expect(row(page, 'BTP CF import source EU20').getAttribute('data-action')).resolves.toBe('create');
    await expect(page.getByTestId('ipx-import-blocked').textContent()).resolves.toBe('Type 1 required credential.');
    expect(await page.getByTestId('ipx-import-apply').isDisabled()).toBe(true);
    const input = page.locator('[data-testid="ipx-secret"][data-name="Password"]');
    await expect(input.getAttribute('type')).resolves.toBe('password');
    await expect(input.getAttribute('autocomplete')).resolves.toBe('off');
    await input.fill(secret);
    await applyAndWait(page, /^Apply 1 create to /);
    await expect(page.getByTestId('ipx-import-summary').textContent()).resolves.toMatch(/1 created, 0 updated/);

    const created = byName(await h.sim.state(), 'BTP CF import source EU20');
    expect(created.encryptedProperties).toEqual({ Password: secret });
    expect(carriers).toEqual(['POST /ips/service/api/v1/systems']);
    // Not in the extension's storage, its database, the page's console or the dialog any more.
    const worker = await h.worker();
    type Chrome = { chrome: { storage: { local: { get(k: null): Promise<unknown> }; session: { get(k: null): Promise<unknown> } } } };
    const stored = await worker.evaluate(async () => {
      const c = (globalThis as unknown as Chrome).chrome;
      return JSON.stringify([await c.storage.local.get(null), await c.storage.session.get(null)]);
    });
    expect(stored).toContain('BTP CF import source EU20');
    expect(stored.includes(secret)).toBe(false);
    expect(JSON.stringify(await dumpExtensionDb(worker)).includes(secret)).toBe(false);
    expect(consoleLines.join('\n').includes(secret)).toBe(false);
    const inDialog = await page.evaluate((s) => {
      const host = [...document.querySelectorAll('[data-ipx="import"]')].map((e) => e.shadowRoot!);
      return host.some((root) => root.innerHTML.includes(s) || [...root.querySelectorAll('input')].some((i) => i.value.includes(s)));
    }, secret);
    expect(inDialog).toBe(false);
    await page.close();
  });

  it('refuses the wrong kind: a source file on the target page, a source named like a live target', async () => {
    const page = await openImport('#/targetSystems');
    const source = fixture('S4A import source');
    Object.assign(source, { tenantId: 'another-tenant', id: undefined, name: 'A new source' });
    const clash = fixture('Non-SAP import source');
    Object.assign(clash, { tenantId: 'another-tenant', name: 'S4A import target' });
    await chooseFiles(page, [file('source.json', pretty(source)), file('clash.json', pretty(clash))]);
    await waitForPlan(page);
    const wrong = row(page, 'A new source');
    await expect(wrong.getAttribute('data-action')).resolves.toBe('skip');
    await expect(wrong.locator('[data-testid="ipx-plan-problem"]').getAttribute('data-code')).resolves.toBe('wrong-page');
    expect(await wrong.getByTestId('ipx-plan-action').isDisabled()).toBe(true);
    await row(page, 'S4A import target').locator('[data-testid="ipx-plan-problem"][data-code="wrong-page"]').waitFor();
    // Every kind: the source may be created, but the one named like a live target only copied.
    await page.getByTestId('ipx-import-scope').selectOption('all');
    await expect.poll(() => wrong.getAttribute('data-action')).toBe('create');
    const clashRow = row(page, 'S4A import target');
    await expect(clashRow.getByTestId('ipx-plan-problem').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')))).resolves.toEqual(['kind-mismatch']);
    const options = await clashRow.getByTestId('ipx-plan-action').locator('option').evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));
    expect(options).toEqual(['copy', 'skip']);
    await page.screenshot({ path: join(SHOTS, 'import-wrong-kind.png') });
    expect(writes(await h.sim.requests())).toEqual([]);
    await page.close();
  });

  it('lists malformed files with path and reason, reads every native form, flags a bundle file changed after export', async () => {
    const page = await h.openConsole('#/sourceSystems');
    const { files } = await exportVia(h, page, 'ipx-export-kind');
    await page.getByTestId('ipx-close').click();
    const manifest = manifestOf(files);
    const tamperedPath = manifest.systems.find((s: { name: string }) => s.name === 'SAP provisioning source').path;
    const tampered = JSON.parse(Buffer.from(files.get(tamperedPath)!).toString('utf8'));
    tampered.properties['ips.delta.read'] = 'disabled';
    files.set(tamperedPath, strToU8(pretty(tampered)));
    files.set('source/extra.json', strToU8('{}'));
    const bundle = zipSync(Object.fromEntries(files));
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(pretty({ ...fixture('S4A import source'), name: 'S4A with BOM', id: undefined }))]);
    const minified = JSON.stringify({ ...fixture('Non-SAP import source'), name: 'Non-SAP minified', id: undefined });
    await startImport(page);
    await chooseFiles(page, [
      file('broken.json', '{"name": "x",\n  oops}'),
      file('not-a-system.json', '{"hello": "world"}'),
      file('utf16.json', Uint8Array.from([0xff, 0xfe, 0x7b, 0x00])),
      file('bom.json', bom),
      file('minified', minified),
      file('bundle.zip', bundle),
    ]);
    await waitForPlan(page);
    const invalid = await page.getByTestId('ipx-import-invalid-row').evaluateAll((els) => els.map((e) => [e.getAttribute('data-file'), e.getAttribute('data-path'), e.getAttribute('data-code'), e.textContent]));
    expect(invalid.map(([f, p, c]) => [f, p, c])).toEqual([
      ['broken.json', '', 'invalid-file'],
      ['not-a-system.json', '', 'invalid-file'],
      ['utf16.json', '', 'invalid-file'],
      ['bundle.zip', 'source/extra.json', 'not-in-manifest'],
    ]);
    expect(invalid[0]![3]).toMatch(/invalid JSON at line 2/);
    expect(invalid[1]![3]).toMatch(/\/connectorTypeString: is required/);
    expect(invalid[2]![3]).toMatch(/UTF-16/);
    const proposed = await actions(page);
    expect(proposed['S4A with BOM']).toBe('create');
    expect(proposed['Non-SAP minified']).toBe('create');
    // The changed file is flagged and never imported silently: skipped, and blocked until accepted.
    const flagged = row(page, 'SAP provisioning source');
    await expect(flagged.getAttribute('data-action')).resolves.toBe('skip');
    await expect(flagged.locator('[data-testid="ipx-plan-problem"][data-code="integrity"]').textContent()).resolves.toMatch(/SHA-256/);
    await flagged.getByTestId('ipx-plan-action').selectOption('update');
    await expect.poll(() => flagged.locator('[data-testid="ipx-plan-problem"][data-code="integrity"]').getAttribute('data-level')).toBe('error');
    expect(await page.getByTestId('ipx-import-apply').isDisabled()).toBe(true);
    await flagged.getByTestId('ipx-plan-accept-integrity').click();
    await expect.poll(() => flagged.locator('[data-testid="ipx-plan-problem"][data-code="integrity"]').getAttribute('data-level')).toBe('warning');
    await expect.poll(() => page.getByTestId('ipx-import-apply').isDisabled()).toBe(false);
    await page.screenshot({ path: join(SHOTS, 'import-malformed.png') });
    expect(writes(await h.sim.requests())).toEqual([]);
    await page.close();
  });

  it('1 create + 2 updates, then Undo: the tenant is as before', async () => {
    const before = await h.sim.state();
    const update1 = fixture('S4A import source');
    update1.alias = 'changed by the import';
    update1.transformation.group.mappings[0].optional = !update1.transformation.group.mappings[0].optional;
    const update2 = fixture('SAP provisioning source');
    update2.properties['ips.delta.read'] = 'disabled';
    const created = fixture('Non-SAP import source');
    Object.assign(created, { tenantId: 'another-tenant', id: '99999999-2222-4333-8444-555555555555', name: 'Brand new source' });
    const page = await openImport('#/sourceSystems');
    await chooseFiles(page, [file('u1.json', pretty(update1)), file('u2.json', JSON.stringify(update2)), file('new.json', pretty(created))]);
    await waitForPlan(page);
    expect(await actions(page)).toEqual({ 'S4A import source': 'update', 'SAP provisioning source': 'update', 'Brand new source': 'create' });
    await applyAndWait(page, /^Apply 1 create and 2 updates to /);
    await expect(page.getByTestId('ipx-import-summary').textContent()).resolves.toMatch(/1 created, 2 updated, 0 skipped, 0 failed/);
    const applied = await h.sim.state();
    expect(byName(applied, 'S4A import source').alias).toBe('changed by the import');
    expect(byName(applied, 'Brand new source')).toBeDefined();
    await page.getByTestId('ipx-import-undo').click();
    await expect(page.getByTestId('ipx-import-undo-text').textContent()).resolves.toMatch(/restore 2 updated systems and delete 1 created system/);
    await page.getByTestId('ipx-import-undo-confirm').click();
    await expect.poll(() => page.getByTestId('ipx-import-summary').textContent(), { timeout: 30_000 }).toMatch(/Undo finished: 2 restored, 1 deleted, 0 skipped, 0 failed/);
    await page.screenshot({ path: join(SHOTS, 'import-undone.png') });
    const after = await h.sim.state();
    const sorted = (st: { systems: Sys[] }) => [...st.systems].sort((a, b) => String(a.id).localeCompare(String(b.id)));
    expect(sorted(after)).toEqual(sorted(before));
    // Key order too: the console stores keys as received, so a reordered write would change its exports.
    expect(JSON.stringify(sorted(after))).toBe(JSON.stringify(sorted(before)));
    await page.close();
  });

  it('keyboard: the dialog takes focus, Tab never leaves it, Escape closes it and focus goes back to Import', async () => {
    const page = await h.openConsole('#/sourceSystems');
    const focusIn = () =>
      page.evaluate(() => {
        let el = document.activeElement;
        while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
        return { inDialog: Boolean(el?.closest('[data-testid="ipx-import-dialog"]')), testid: el?.getAttribute('data-testid') ?? null };
      });
    await page.getByTestId('ipx-import').focus();
    await page.keyboard.press('Enter');
    const drop = page.getByTestId('ipx-import-drop');
    const leave = page.getByTestId('ipx-import-new').or(page.getByTestId('ipx-import-restart'));
    await drop.or(leave).waitFor();
    if (!(await drop.isVisible())) await leave.click();
    await chooseFiles(page, [file('changed.json', pretty(Object.assign(fixture('S4A import source'), { alias: 'by keyboard' })))]);
    await waitForPlan(page);
    await expect.poll(async () => (await focusIn()).inDialog).toBe(true);
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press(i % 5 === 4 ? 'Shift+Tab' : 'Tab');
      expect((await focusIn()).inDialog, `after Tab ${i + 1}`).toBe(true);
    }
    await page.keyboard.press('Escape');
    await page.getByTestId('ipx-import-dialog').waitFor({ state: 'detached' });
    await expect.poll(async () => (await focusIn()).testid).toBe('ipx-import');
    expect(writes(await h.sim.requests())).toEqual([]);
    await page.close();
  });

  it('resumes after the console session expired mid-apply, without a second POST', async () => {
    const first = fixture('Non-SAP import source');
    Object.assign(first, { tenantId: 'another-tenant', id: undefined, name: 'Resume source one' });
    const second = fixture('BTP CF import source');
    Object.assign(second, { tenantId: 'another-tenant', id: undefined, name: 'Resume source two' });
    const update = fixture('S4A import source');
    update.alias = 'updated after the resume';
    const page = await openImport('#/sourceSystems');
    await chooseFiles(page, [file('one.json', pretty(first)), file('two.json', pretty(second)), file('upd.json', pretty(update))]);
    await waitForPlan(page);
    await page.locator('[data-testid="ipx-secret"][data-name="Password"]').fill('first-typed-secret');
    await h.sim.config({ latencyMs: 300 });
    await page.getByTestId('ipx-import-apply').click();
    await page.getByTestId('ipx-import-confirm').click();
    await expect.poll(async () => (await h.sim.requests()).some((r) => r.method === 'POST' && r.status === 201), { timeout: 30_000, interval: 25 }).toBe(true);
    await h.sim.expireSession();
    const paused = page.getByTestId('ipx-import-paused');
    await paused.waitFor({ timeout: 30_000 });
    await expect(paused.getAttribute('data-code')).resolves.toBe('SESSION_EXPIRED');
    await expect(paused.textContent()).resolves.toMatch(/Sign in to the console again \(reload the page\), then Resume/);
    await page.screenshot({ path: join(SHOTS, 'import-session-expired.png') });
    expect((await h.sim.state()).systems.map((s) => s.name)).toContain('Resume source one');

    // Signing in again = loading the page: the interrupted import's dialog opens by itself (nothing is
    // written until Resume) and asks for the secret again.
    await page.reload();
    await page.getByTestId('ipx-import-paused').waitFor({ timeout: 30_000 });
    await expect(page.getByTestId('ipx-import-paused').textContent()).resolves.toMatch(/interrupted after 1 of 3 writes/);
    const secret = page.locator('[data-testid="ipx-secret"][data-name="Password"]');
    await expect(secret.inputValue()).resolves.toBe('');
    expect(await page.getByTestId('ipx-import-resume').isDisabled()).toBe(true);
    await secret.fill('retyped-secret');
    await page.getByTestId('ipx-import-resume').click();
    await page.getByTestId('ipx-import-summary').waitFor({ timeout: 60_000 });
    await expect(page.getByTestId('ipx-import-summary').textContent()).resolves.toMatch(/2 created, 1 updated, 0 skipped, 0 failed/);

    const log = await h.sim.requests();
    const posts = log.filter((r) => r.method === 'POST' && r.status === 201);
    expect(posts).toHaveLength(2);
    const state = await h.sim.state();
    expect(state.systems.filter((s) => s.name === 'Resume source one')).toHaveLength(1);
    expect(byName(state, 'Resume source two').encryptedProperties).toEqual({ Password: 'retyped-secret' });
    expect(byName(state, 'S4A import source').alias).toBe('updated after the resume');
    await page.close();
  });
});

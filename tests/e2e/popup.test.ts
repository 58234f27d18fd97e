import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { callBackground, launch, readZip, SHOTS, type Harness } from './harness.ts';
import { expectedContentHash, realExports, seedSecrets, sha256 } from './fixtures.ts';

/**
 * The popup (opened as a tab, toolchain.md §5) and the options page's backup, against the simulator:
 * timeline, systems, pin / label / delete, compare two snapshots around an edit, compare with the live
 * tenant and across tenants, download as a bundle, keyboard use; screenshots light and dark.
 */
const fixtures = realExports();
const secrets = seedSecrets(fixtures);
const texts = fixtures.map((f) => f.bytes.toString('utf8'));
const sources = fixtures.filter((f) => f.record.accessMode === 'READ');
const EDITED = sources[1]!.record.name;
const OTHER = 'https://other-tenant.accounts.ondemand.com';

let h: Harness;

beforeAll(async () => {
  h = await launch();
  await mkdir(SHOTS, { recursive: true });
});
afterAll(async () => h?.close());

async function call<T>(name: string, payload: unknown = {}): Promise<T> {
  const reply = await callBackground<T>(await h.worker(), name, payload);
  if (!reply.ok) throw new Error(`${name}: ${reply.error.code} ${reply.error.message}`);
  return reply.value;
}

/** The seed, with one source system's property set to `value` (an admin's edit in the console). */
function seed(value?: string): string[] {
  return fixtures.map((f, i) => {
    if (value === undefined || f.record.name !== EDITED) return texts[i]!;
    const record = JSON.parse(texts[i]!.replace(/^\uFEFF/, ''));
    record.properties = { ...record.properties, 'ips.trace.failed.entity.content': value };
    return JSON.stringify(record, null, 4);
  });
}

async function exportSources(): Promise<number> {
  const page = await h.openConsole('#/sourceSystems');
  await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId('ipx-export-kind').click()]);
  const saved = await page.getByTestId('ipx-snapshot-saved').textContent();
  await page.close();
  return Number(/#(\d+)/.exec(saved ?? '')![1]);
}

async function openPopup(hash = '', size = { width: 780, height: 580 }): Promise<Page> {
  const page = await h.context.newPage();
  await page.setViewportSize(size);
  await page.goto(`chrome-extension://${h.extensionId}/popup.html${hash}`);
  await page.getByTestId('ipx-popup').waitFor();
  return page;
}

const rows = (page: Page) => page.getByTestId('ipx-timeline-row');

describe('popup in Chromium', () => {
  let before: number;
  let after: number;

  it('shows the tenant, its timeline and a snapshot’s systems with search', async () => {
    await h.sim.reset({ systems: seed(), secrets });
    before = await exportSources();
    await h.sim.reset({ systems: seed('true'), secrets });
    after = await exportSources();

    const page = await openPopup('#tenants');
    const tenant = page.getByTestId('ipx-tenant');
    await expect(tenant.count()).resolves.toBe(1);
    await expect(tenant.textContent()).resolves.toContain('2 snapshots');
    await tenant.click();
    await expect(page.getByTestId('ipx-timeline').getAttribute('data-total')).resolves.toBe('2');
    await expect(rows(page).first().getAttribute('data-id')).resolves.toBe(String(after));
    await rows(page).nth(1).click();
    const detail = page.getByTestId('ipx-detail');
    await expect(detail.getAttribute('data-id')).resolves.toBe(String(before));
    await expect(page.getByTestId('ipx-system').count()).resolves.toBe(sources.length);
    await page.getByTestId('ipx-system-search').fill(EDITED.slice(0, 8));
    await expect(page.getByTestId('ipx-system').first().getAttribute('data-name')).resolves.toBe(EDITED);
    await page.close();
  });

  it('compares the two snapshots taken around an edit: one system changed, its property shown', async () => {
    const page = await openPopup();
    // One tenant only: the popup opens its timeline directly.
    await rows(page).first().waitFor();
    await page.getByTestId('ipx-pick').nth(0).click();
    await page.getByTestId('ipx-pick').nth(1).click();
    await page.getByTestId('ipx-compare').click();
    await page.getByTestId('ipx-compare-summary').waitFor();
    await expect(page.getByTestId('ipx-compare-summary').textContent()).resolves.toBe(`1 changed (1 change), ${sources.length - 1} unchanged`);
    // Older on the left, whatever the order of picking.
    await expect(page.getByTestId('ipx-compare-side').first().getAttribute('data-id')).resolves.toBe(String(before));
    const changed = page.locator('[data-testid="ipx-compare-system"][data-status="changed"]');
    await expect(changed.getAttribute('data-name')).resolves.toBe(EDITED);
    const property = page.locator('[data-testid="ipx-diff-property"][data-name="ips.trace.failed.entity.content"]');
    await property.waitFor();
    await expect(property.getAttribute('data-change')).resolves.toMatch(/added|changed/);
    expect(new URL(page.url()).hash).toMatch(new RegExp(`^#compare=${before},${after}&`));
    await page.screenshot({ path: join(SHOTS, 'popup-compare.png') });
    await page.close();
  });

  it('keyboard: arrows move, Enter opens, Space picks; pin, label and delete with confirmation', async () => {
    const page = await openPopup();
    await rows(page).first().waitFor();
    await page.getByTestId('ipx-timeline').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('ipx-detail').getAttribute('data-id')).resolves.toBe(String(before));
    await page.keyboard.press('Space');
    await expect(page.getByTestId('ipx-tray-pick').count()).resolves.toBe(1);

    await page.getByTestId('ipx-pin').click();
    await page.getByTestId('ipx-label-edit').click();
    await page.getByTestId('ipx-label-input').fill('before the edit');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('ipx-label').textContent()).resolves.toBe('before the edit');
    await expect(rows(page).nth(1).textContent()).resolves.toContain('before the edit');
    const stored = await call<{ snapshot: { pinned: boolean; label: string } }>('snapshots.get', { id: before });
    expect(stored.snapshot).toMatchObject({ pinned: true, label: 'before the edit' });
    await page.screenshot({ path: join(SHOTS, 'popup-light.png') });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: join(SHOTS, 'popup-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });

    // Delete the newer one: Cancel first (nothing happens), then confirm.
    await rows(page).first().click();
    await page.getByTestId('ipx-delete').click();
    await expect(page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).resolves.toBe('ipx-confirm-cancel');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('ipx-confirm').count()).resolves.toBe(0);
    await page.getByTestId('ipx-delete').click();
    await page.getByTestId('ipx-confirm-ok').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="ipx-timeline"]')?.getAttribute('data-total') === '1');
    await expect(call('snapshots.get', { id: after })).rejects.toThrow(/NOT_FOUND/);
    await page.close();
  });

  it('downloads a snapshot as a bundle zip: the files, hashes and a note that they were rebuilt', async () => {
    const page = await openPopup(`#tenant=${encodeURIComponent(h.origin)}&id=${before}`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('ipx-download').click()]);
    expect(download.suggestedFilename()).toMatch(/^127\.0\.0\.1_\d+_\d{4}-\d{2}-\d{2}_\d{6}\.zip$/);
    const files = await readZip(await download.path());
    const manifest = JSON.parse(new TextDecoder().decode(files.get('manifest.json')));
    expect(manifest).toMatchObject({ format: 'ips-snapshots-bundle', origin: h.origin, kinds: ['source'] });
    expect(manifest.warnings[0]).toMatch(/Rebuilt from a snapshot/);
    expect(manifest.systems).toHaveLength(sources.length);
    for (const entry of manifest.systems) {
      const bytes = files.get(entry.path)!;
      expect(sha256(bytes)).toBe(entry.fileSha256);
      const fixture = sources.find((f) => f.record.name === entry.name)!;
      expect(entry.contentHash).toBe(expectedContentHash(fixture.record));
      // Written again in the console's format: the same JSON with its keys in the same order (the bytes
      // differ where the original had other whitespace, which the manifest's warning says).
      expect(JSON.stringify(JSON.parse(new TextDecoder().decode(bytes)))).toBe(JSON.stringify(fixture.record));
    }
    await page.close();
  });

  it('compares a snapshot with the live tenant through the open console tab', async () => {
    await h.sim.reset({ systems: seed('true'), secrets });
    const consoleTab = await h.openConsole('#/sourceSystems');
    await consoleTab.getByTestId('ipx-export-kind').waitFor();
    const page = await openPopup(`#tenant=${encodeURIComponent(h.origin)}&id=${before}`);
    await page.getByTestId('ipx-compare-live').click();
    await page.getByTestId('ipx-compare-summary').waitFor({ timeout: 60_000 });
    await expect(page.getByTestId('ipx-compare-summary').textContent()).resolves.toBe(`1 changed (1 change), ${sources.length - 1} unchanged`);
    const right = Number(await page.getByTestId('ipx-compare-side').nth(1).getAttribute('data-id'));
    expect(right).toBeGreaterThan(before);
    const live = await call<{ snapshot: { trigger: string } }>('snapshots.get', { id: right });
    expect(live.snapshot.trigger).toBe('manual');
    await page.close();
    await consoleTab.close();
  });

  it('compares snapshots of two tenants, matched by kind and name', async () => {
    const files = fixtures.slice(0, 5).map((f, i) => ({ kind: f.record.accessMode === 'READ' ? 'source' : f.record.accessMode === 'WRITE' ? 'target' : 'proxy', id: `other-${i}`, name: f.record.name, text: texts[i]!.replace(/^\uFEFF/, '') }));
    const other = await call<{ snapshotId: number }>('export.ingest', { origin: OTHER, trigger: 'export', kinds: ['source', 'target', 'proxy'], files, failed: [], store: true });
    const page = await openPopup('#tenants');
    await page.getByTestId('ipx-tenant').nth(1).waitFor();
    await page.screenshot({ path: join(SHOTS, 'popup-tenants.png') });
    await page.locator(`[data-testid="ipx-tenant"][data-origin="${OTHER}"]`).click();
    await page.getByTestId('ipx-pick').first().click();
    await page.getByTestId('ipx-crumb-0').click();
    await page.locator(`[data-testid="ipx-tenant"][data-origin="${h.origin}"]`).click();
    await page.locator(`[data-testid="ipx-timeline-row"][data-id="${before}"] [data-testid="ipx-pick"]`).click();
    await page.getByTestId('ipx-compare').click();
    await page.getByTestId('ipx-cross-tenant').waitFor();
    const sides = await page.getByTestId('ipx-compare-side').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-id'))));
    expect(sides.sort()).toEqual([before, other.snapshotId].sort());
    // Sources of the first tenant that the other one lacks are added/removed, the shared ones matched by name.
    const statuses = await page.getByTestId('ipx-filter-all').click().then(() => page.getByTestId('ipx-compare-system').evaluateAll((els) => els.map((e) => e.getAttribute('data-status'))));
    expect(statuses.filter((s) => s === 'unchanged').length).toBeGreaterThan(0);
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: join(SHOTS, 'popup-compare-tenants-dark.png') });
    await page.close();
  });
});

describe('theme setting', () => {
  it('"Dark" in the options page turns the popup dark on a light system; "Follow" gives it back', async () => {
    const options = await h.context.newPage();
    await options.goto(`chrome-extension://${h.extensionId}/options.html`);
    const popup = await openPopup('#tenants');
    await popup.emulateMedia({ colorScheme: 'light' });
    const background = () => popup.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(await background()).toBe('rgb(245, 246, 247)');
    await options.getByTestId('ipx-theme-dark').check();
    await popup.waitForFunction(() => document.documentElement.classList.contains('ipx-theme-dark'));
    expect(await background()).toBe('rgb(18, 23, 28)');
    await popup.screenshot({ path: join(SHOTS, 'popup-tenants-forced-dark.png') });
    await options.getByTestId('ipx-theme-console').check();
    await popup.waitForFunction(() => !document.documentElement.classList.contains('ipx-theme-dark'));
    expect(await background()).toBe('rgb(245, 246, 247)');
    await popup.close();
    await options.close();
  });
});

describe('options page: backup and restore of the whole store', () => {
  it('downloads a backup, and restoring it into an emptied store brings every snapshot back', async () => {
    const listed = await call<{ total: number }>('snapshots.list', {});
    const options = await h.context.newPage();
    await options.goto(`chrome-extension://${h.extensionId}/options.html`);
    const [download] = await Promise.all([options.waitForEvent('download'), options.getByTestId('ipx-backup-save').click()]);
    const path = await download.path();
    expect(download.suggestedFilename()).toMatch(/^ips-snapshots-backup_.*\.json$/);
    const all = await call<{ items: Array<{ id: number }> }>('snapshots.list', { limit: 500 });
    await call('snapshots.delete', { ids: all.items.map((s) => s.id) });
    await options.getByTestId('ipx-backup-file').setInputFiles(path);
    await expect(options.getByTestId('ipx-backup-result').textContent()).resolves.toContain(`${listed.total} snapshots added, 0 already there`);
    expect((await call<{ total: number }>('snapshots.list', {})).total).toBe(listed.total);
    // Again: nothing is duplicated.
    await options.getByTestId('ipx-backup-file').setInputFiles(path);
    // The previous result stays on screen until this one replaces it: wait for the new text.
    await expect.poll(() => options.getByTestId('ipx-backup-result').textContent({ timeout: 1000 }).catch(() => ''), { timeout: 15_000 }).toContain(`0 snapshots added, ${listed.total} already there`);
    await options.getByTestId('ipx-backup-file').setInputFiles({ name: 'not-a-backup.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"zip"}') });
    await expect.poll(() => options.getByTestId('ipx-backup-error').textContent({ timeout: 1000 }).catch(() => ''), { timeout: 15_000 }).toMatch(/not a valid IPS Snapshots backup.*\/format/);
    await options.close();
  });
});

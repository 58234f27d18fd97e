import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { dumpExtensionDb, launch, PROD_BUILD, SHOTS, type Harness } from './harness.ts';
import { realExports, seedSecrets } from './fixtures.ts';
import { expectBundleMatchesSeed as matchesSeed, exportVia as exportWith, manifestOf, type ExportAction } from './bundle-helpers.ts';

const fixtures = realExports();
const secrets = seedSecrets(fixtures);
const secretValues = Object.values(secrets).flatMap((s) => Object.values(s));

let h: Harness;

beforeAll(async () => {
  h = await launch();
  await mkdir(SHOTS, { recursive: true });
});
afterAll(async () => h?.close());
beforeEach(async () => h.sim.reset({ secrets }));

const exportVia = (page: Page, action: ExportAction) => exportWith(h, page, action);
const expectBundleMatchesSeed = (files: Map<string, Uint8Array>, kinds: string[]) => matchesSeed(h, files, kinds);

function expectNoSecret(haystack: string | Uint8Array, where: string) {
  const text = typeof haystack === 'string' ? haystack : Buffer.from(haystack).toString('latin1');
  for (const s of secretValues) expect(text.includes(s), `secret in ${where}`).toBe(false);
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(p)));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

describe('Export all, on real input', () => {
  it('exports every source system byte-identical, hashes verify, and keeps a snapshot', async () => {
    const page = await h.openConsole('#/sourceSystems');
    await page.getByTestId('ipx-export-kind').waitFor();
    await page.screenshot({ path: join(SHOTS, 'export-sources-toolbar.png') });
    const before = (await h.snapshots()).length;
    const { files, name } = await exportVia(page, 'ipx-export-kind');
    expect(name).toMatch(/^127\.0\.0\.1_\d+_\d{4}-\d{2}-\d{2}_\d{6}\.zip$/);
    expectBundleMatchesSeed(files, ['source']);
    await expect(page.getByTestId('ipx-summary').textContent()).resolves.toContain('Exported 5 systems');
    await page.screenshot({ path: join(SHOTS, 'export-sources-done.png') });
    expect(await h.snapshots()).toHaveLength(before + 1);
    const snap = (await h.latestSnapshot())!;
    expect(snap.snapshot.origin).toBe(h.origin);
    expect(snap.snapshot.trigger).toBe('export');
    expect(snap.systems.filter((s) => s.status === 'ok' && s.kind === 'source')).toHaveLength(5);
    await page.close();
  });

  it('exports every target system from the target page', async () => {
    const page = await h.openConsole('#/targetSystems');
    const { files } = await exportVia(page, 'ipx-export-kind');
    expectBundleMatchesSeed(files, ['target']);
    await page.close();
  });

  it('an empty proxy list: says so, downloads nothing and keeps no snapshot', async () => {
    const page = await h.openConsole('#/proxySystems');
    let downloads = 0;
    page.on('download', () => downloads++);
    const before = (await h.snapshots()).length;
    await page.getByTestId('ipx-export-kind').click();
    const stopped = page.getByTestId('ipx-stopped');
    await expect(stopped.getAttribute('data-reason')).resolves.toBe('empty');
    await expect(stopped.textContent()).resolves.toMatch(/no proxy systems: nothing was exported/);
    expect(downloads).toBe(0);
    expect(await h.snapshots()).toHaveLength(before);
    await page.close();
  });

  it('the ⋯ menu works from the keyboard (arrows, Enter, Escape returns focus)', async () => {
    const page = await h.openConsole('#/sourceSystems');
    await page.getByTestId('ipx-more').focus();
    await page.keyboard.press('Enter');
    const focused = () => page.evaluate(() => {
      let el: Element | null = document.activeElement;
      while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
      return el?.getAttribute('data-testid') ?? null;
    });
    await expect.poll(focused).toBe('ipx-export-all-kinds');
    await page.keyboard.press('ArrowDown');
    await expect.poll(focused).toBe('ipx-import-menu');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await expect.poll(focused).toBe('ipx-snapshot-now');
    await page.keyboard.press('Escape');
    await expect.poll(focused).toBe('ipx-more');
    await expect(page.getByTestId('ipx-export-all-kinds').count()).resolves.toBe(0);
    await page.keyboard.press('Enter');
    await expect.poll(focused).toBe('ipx-export-all-kinds');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect.poll(focused).toBe('ipx-choose');
    await page.keyboard.press('Enter'); // "Choose systems to export…"
    await page.getByTestId('ipx-chooser').waitFor();
    await page.close();
  });

  it('exports all three kinds in one bundle; no secret in the zip, IndexedDB or the profile', async () => {
    const page = await h.openConsole('#/targetSystems');
    const { files } = await exportVia(page, 'ipx-export-all-kinds');
    expectBundleMatchesSeed(files, ['source', 'target', 'proxy']);
    for (const [path, bytes] of files) expectNoSecret(bytes, `zip ${path}`);
    expectNoSecret(JSON.stringify(await dumpExtensionDb(await h.worker())), 'IndexedDB');
    for (const file of await filesUnder(h.profileDir)) {
      if ((await stat(file)).size < 50_000_000) expectNoSecret(await readFile(file), file);
    }
    await page.close();
  });

  it('drops credential values the console leaks, and warns', async () => {
    await h.sim.config({ leakSecrets: true });
    const page = await h.openConsole('#/sourceSystems');
    const { files } = await exportVia(page, 'ipx-export-kind');
    for (const [path, bytes] of files) expectNoSecret(bytes, `zip ${path}`);
    expectNoSecret(JSON.stringify(await dumpExtensionDb(await h.worker())), 'IndexedDB');
    const warning = page.getByTestId('ipx-warning');
    await expect(warning.first().textContent()).resolves.toContain('credential values');
    const manifest = manifestOf(files);
    const leaked = manifest.systems.find((s: { name: string }) => secrets[s.name]);
    const file = JSON.parse(Buffer.from(files.get(leaked.path)!).toString('utf8'));
    expect(Object.values(file.encryptedProperties)).toEqual(Object.keys(secrets[leaked.name]!).map(() => null));
    await page.screenshot({ path: join(SHOTS, 'export-leak-warning.png') });
    await page.close();
  });

  it('keeps exactly one button after the console re-renders its toolbar (search, navigation)', async () => {
    const page = await h.openConsole('#/sourceSystems');
    const toolbar = page.locator('.sapMSplitContainerMaster [role="toolbar"]');
    await page.getByTestId('ipx-export-kind').waitFor();
    const oldId = await toolbar.getAttribute('id');
    await page.locator('input.sapMSFI').fill('S4A');
    await page.locator('input.sapMSFI').press('Enter');
    await page.waitForFunction((id) => document.querySelector('.sapMSplitContainerMaster [role="toolbar"]')?.id !== id, oldId);
    await page.getByTestId('ipx-export-kind').waitFor();
    await expect(page.locator('[data-ipx="toolbar-actions"]').count()).resolves.toBe(1);
    await page.evaluate(() => (location.hash = '#/targetSystems'));
    await page.waitForFunction(() => document.querySelector('.sapMSplitContainerMaster h2')?.textContent?.includes('Target'));
    await page.getByTestId('ipx-export-kind').waitFor();
    await expect(page.locator('[data-ipx="toolbar-actions"]').count()).resolves.toBe(1);
    const { files } = await exportVia(page, 'ipx-export-kind');
    expectBundleMatchesSeed(files, ['target']);
    await page.close();
  });

  it('the production build matches no loopback host', async () => {
    const manifest = JSON.parse(await readFile(join(PROD_BUILD, 'manifest.json'), 'utf8'));
    const all = JSON.stringify(manifest);
    expect(all).not.toMatch(/127\.0\.0\.1|localhost|\[::1\]/);
    expect(manifest.content_scripts[0].matches).toContain('https://*.accounts.ondemand.com/*');
  });
});

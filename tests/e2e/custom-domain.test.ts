import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launch, PROD_BUILD, SHOTS, type Harness } from './harness.ts';

/**
 * Custom console domains (issue item 5): the simulator on 127.0.0.2 stands for a custom domain. The test
 * build grants its host permission at install (headless Chromium cannot click a permission prompt) but
 * does not match it with the content script: only adding it in the options page makes the buttons appear.
 */
let h: Harness;

beforeAll(async () => {
  h = await launch({ host: '127.0.0.2' });
  await mkdir(SHOTS, { recursive: true });
});
afterAll(async () => h?.close());

const TOOLBAR = '.sapMSplitContainerMaster [role="toolbar"]';

/** The console page, rendered; whether our buttons are there is decided once the script had its chance. */
async function consolePage(): Promise<Page> {
  const page = await h.openConsole('#/sourceSystems');
  await page.locator(TOOLBAR).first().waitFor();
  return page;
}

async function buttonsAfterLoad(page: Page): Promise<number> {
  // A content script runs at document_idle; give it the time it takes on the built-in hosts, twice over.
  await page.waitForTimeout(1500);
  return page.getByTestId('ipx-export-kind').count();
}

async function registeredIds(): Promise<string[]> {
  type Chrome = { chrome: { scripting: { getRegisteredContentScripts(): Promise<Array<{ id: string; matches: string[] }>> } } };
  const worker = await h.worker();
  return worker.evaluate(async () => (await (globalThis as unknown as Chrome).chrome.scripting.getRegisteredContentScripts()).map((s) => `${s.id} ${s.matches.join(',')}`));
}

describe('custom console domain', () => {
  it('no buttons before the domain is added; added in the options page, they appear after a reload', async () => {
    expect(h.origin).toMatch(/^http:\/\/127\.0\.0\.2:\d+$/);
    const page = await consolePage();
    expect(await buttonsAfterLoad(page)).toBe(0);

    const options = await h.context.newPage();
    await options.goto(`chrome-extension://${h.extensionId}/options.html`);
    await options.getByTestId('ipx-domain-input').fill('ips.accounts.ondemand.com');
    await options.getByTestId('ipx-domain-add').click();
    await expect.poll(() => options.getByTestId('ipx-domain-message').textContent()).toMatch(/standard console host/);

    await options.getByTestId('ipx-domain-input').fill(`${h.origin}/ips/#/sourceSystems`);
    await options.getByTestId('ipx-domain-add').click();
    // The message is replaced asynchronously (permission request, registration): wait for the new one.
    await expect.poll(() => options.getByTestId('ipx-domain-message').textContent(), { timeout: 15_000 }).toMatch(/^Added 127\.0\.0\.2\. Reload/);
    const row = options.getByTestId('ipx-domain');
    await expect(row.getAttribute('data-pattern')).resolves.toBe('http://127.0.0.2/*');
    await expect(row.textContent()).resolves.toContain('access granted');
    expect(await registeredIds()).toEqual(['ipx-custom-http___127.0.0.2__ http://127.0.0.2/*']);
    await options.screenshot({ path: join(SHOTS, 'options-light.png'), fullPage: true });
    await options.emulateMedia({ colorScheme: 'dark' });
    await options.screenshot({ path: join(SHOTS, 'options-dark.png'), fullPage: true });
    await options.emulateMedia({ colorScheme: 'light' });

    await page.reload();
    await page.getByTestId('ipx-export-kind').waitFor({ timeout: 15_000 });
    // And they work there: an export stores a snapshot of this tenant.
    await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId('ipx-export-kind').click()]);
    await expect(page.getByTestId('ipx-snapshot-saved').textContent()).resolves.toMatch(/Snapshot #\d+ saved/);

    // Removed: unregistered, and the next load has no buttons.
    await options.getByRole('button', { name: 'Remove http://127.0.0.2/*' }).click();
    await options.getByTestId('ipx-domain-message').filter({ hasText: 'Removed' }).waitFor();
    expect(await registeredIds()).toEqual([]);
    await page.reload();
    await page.locator(TOOLBAR).first().waitFor();
    expect(await buttonsAfterLoad(page)).toBe(0);
    await options.close();
    await page.close();
  });

  it.skipIf(!existsSync(join(PROD_BUILD, 'manifest.json')))('the production manifest asks for custom hosts at runtime only, and has no loopback', async () => {
    const manifest = JSON.parse(await readFile(join(PROD_BUILD, 'manifest.json'), 'utf8'));
    expect(JSON.stringify(manifest)).not.toMatch(/127\.0\.0\.|localhost/);
    expect(manifest.optional_host_permissions).toEqual(['https://*/*', 'http://*/*']);
    expect(manifest.permissions).toContain('scripting');
    expect(manifest.permissions).not.toContain('tabs');
    expect(manifest.host_permissions).not.toContain('https://*/*');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { launch, SHOTS, type Harness } from './harness.ts';
import { seedSecrets, realExports } from './fixtures.ts';
import { exportVia, kindOf, manifestOf } from './bundle-helpers.ts';

/**
 * The console's own import accepts every file of our bundle: Add → Define from File → Browse, a new
 * name, the credentials typed in, Save — and the created system equals the original apart from id,
 * name and volatile fields.
 */
const VOLATILE = ['id', 'name', 'tenantId', 'fromImport', 'transformationChanged', 'readTransformationChanged', 'writeTransformationChanged'];
const strip = (s: Record<string, unknown>) => Object.fromEntries(Object.entries(s).filter(([k]) => !VOLATILE.includes(k)));

/** What the console adds to every new system (ips-domain.md §3.1), unless the file had it. */
function withoutConsoleDefaults(got: Record<string, unknown>, expected: Record<string, unknown>): Record<string, unknown> {
  const props = { ...(got.properties as Record<string, string>) };
  if (!(expected.properties as Record<string, string> | undefined)?.['ips.date.variable.format']) delete props['ips.date.variable.format'];
  return { ...got, properties: props };
}

let h: Harness;
beforeAll(async () => {
  h = await launch();
  await h.sim.reset({ secrets: seedSecrets(realExports()) });
});
afterAll(async () => h?.close());

describe('native import round trip', () => {
  it('every file of our bundle is accepted by the console\'s Add → Define from File', async () => {
    const page = await h.openConsole('#/sourceSystems');
    const { files } = await exportVia(h, page, 'ipx-export-all-kinds');
    const entries = manifestOf(files).systems.filter((s: { status: string }) => s.status === 'ok');
    expect(entries.length).toBe(realExports().length);
    const originals = new Map((await h.sim.state()).systems.map((s) => [`${kindOf(s.accessMode as string)}:${s.name}`, s]));
    // Sources first, so the targets' relatedSystems find their sources.
    entries.sort((a: { kind: string }, b: { kind: string }) => (a.kind === 'source' ? 0 : 1) - (b.kind === 'source' ? 0 : 1));
    for (const entry of entries) {
      await page.evaluate((k) => (location.hash = `#/${k}Systems`), entry.kind);
      await page.locator('.sapMSplitContainerMaster [role="toolbar"] button.sapMBtn:not([data-ipx])').first().click(); // the native Add
      await page.locator('[data-sim-field="file"]').setInputFiles({ name: entry.path.split('/').pop(), mimeType: 'application/json', buffer: Buffer.from(files.get(entry.path)!) });
      const newName = `${entry.name} restored`.slice(0, 100);
      await page.locator('[data-sim-field="name"]').fill(newName);
      for (const input of await page.locator('[data-sim-credential]').all()) await input.fill('typed-secret');
      await page.locator('[data-sim-action="save"]').click();
      await page.waitForFunction((n) => document.querySelector('[data-sim-field="detailName"]')?.textContent === n, newName, { timeout: 15_000 }).catch(async (e) => {
        await page.screenshot({ path: join(SHOTS, 'native-import-failed.png') });
        throw new Error(`${entry.path} was not accepted: ${await page.locator('.sapMMsgStrip').allTextContents()} (${e})`);
      });
      const state = await h.sim.state();
      const sourceNames = new Set(state.systems.filter((s) => s.accessMode === 'READ').map((s) => s.name));
      const created = state.systems.find((s) => s.name === newName && kindOf(s.accessMode as string) === entry.kind)!;
      const original = originals.get(`${entry.kind}:${entry.name}`)!;
      expect(created, entry.path).toBeDefined();
      const file = JSON.parse(Buffer.from(files.get(entry.path)!).toString('utf8'));
      const got = strip(created);
      if ('id' in file) {
        // A full export comes back exactly, credentials now holding what was typed.
        const enc = original.encryptedProperties as Record<string, unknown> | undefined;
        const expected = strip({ ...original, ...(enc ? { encryptedProperties: Object.fromEntries(Object.keys(enc).map((k) => [k, 'typed-secret'])) } : {}) });
        // The console drops linked sources that do not exist in the tenant, with a warning (SEEN).
        if (Array.isArray(expected.relatedSystems)) expected.relatedSystems = expected.relatedSystems.filter((n) => sourceNames.has(n));
        expect(withoutConsoleDefaults(got, expected), entry.path).toEqual(expected);
      } else {
        // A minimal template: every field of the file is kept; the console adds its defaults.
        const kept = withoutConsoleDefaults(got, file);
        for (const [k, v] of Object.entries(strip(file))) expect(kept[k], `${entry.path} ${k}`).toEqual(v);
      }
    }
    await page.screenshot({ path: join(SHOTS, 'native-import-last.png') });
    await page.close();
  });
});

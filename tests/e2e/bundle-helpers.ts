import { join } from 'node:path';
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { readZip, type Harness } from './harness.ts';
import { expectedContentHash, realExports, sha256 } from './fixtures.ts';

export const kindOf = (mode: string) => ({ READ: 'source', WRITE: 'target', PROXY: 'proxy' })[mode]!;

export type ExportAction = 'ipx-export-kind' | 'ipx-export-all-kinds';

/** Clicks one of our export actions and returns the downloaded bundle. */
export async function exportVia(h: Harness, page: Page, action: ExportAction) {
  await startExport(page, action);
  const download = await page.waitForEvent('download', { timeout: 120_000 });
  const path = join(h.downloadsDir, `${Date.now()}-${download.suggestedFilename()}`);
  await download.saveAs(path);
  await page.getByTestId('ipx-summary').waitFor();
  return { files: await readZip(path), name: download.suggestedFilename(), path };
}

export async function startExport(page: Page, action: ExportAction) {
  if (action === 'ipx-export-all-kinds') await page.getByTestId('ipx-more').click();
  await page.getByTestId(action).click();
}

export function manifestOf(files: Map<string, Uint8Array>) {
  return JSON.parse(Buffer.from(files.get('manifest.json')!).toString('utf8'));
}

/** Every system file byte-identical to the real export it came from; every manifest hash verifies. */
export function expectBundleMatchesSeed(h: Harness, files: Map<string, Uint8Array>, kinds: string[]) {
  const manifest = manifestOf(files);
  expect(manifest.format).toBe('ips-snapshots-bundle');
  expect(manifest.origin).toBe(h.origin);
  const expected = realExports().filter((f) => kinds.includes(kindOf(f.record.accessMode)));
  expect(manifest.systems).toHaveLength(expected.length);
  expect([...files.keys()].filter((p) => p !== 'manifest.json')).toHaveLength(expected.length);
  for (const f of expected) {
    const entry = manifest.systems.find((s: { name: string }) => s.name === f.record.name);
    expect(entry, f.file).toBeDefined();
    expect(entry.status).toBe('ok');
    expect(entry.path.startsWith(`${kindOf(f.record.accessMode)}/`)).toBe(true);
    const bytes = files.get(entry.path)!;
    expect(Buffer.from(bytes).equals(f.bytes), `${f.file} byte-identical`).toBe(true);
    expect(entry.fileSha256).toBe(sha256(bytes));
    expect(entry.contentHash).toBe(expectedContentHash(f.record));
    expect(entry.connectorTypeString).toBe(f.record.connectorTypeString);
  }
}

/** The simulator's stored system as the console would export it (credential values null). */
export function asExported(system: Record<string, unknown>): Record<string, unknown> {
  const enc = system.encryptedProperties as Record<string, unknown> | undefined;
  return enc ? { ...system, encryptedProperties: Object.fromEntries(Object.keys(enc).map((k) => [k, null])) } : system;
}

/** Every system of the tenant is in the bundle, either as a file equal to it or listed as failed. */
export function expectCompleteBundle(files: Map<string, Uint8Array>, state: { systems: Array<Record<string, unknown>> }) {
  const manifest = manifestOf(files);
  const byName = new Map<string, Record<string, unknown>>(manifest.systems.map((s: { kind: string; name: string }) => [`${s.kind}:${s.name}`, s]));
  expect(manifest.systems).toHaveLength(state.systems.length);
  let failed = 0;
  for (const system of state.systems) {
    const entry = byName.get(`${kindOf(system.accessMode as string)}:${system.name}`);
    expect(entry, String(system.name)).toBeDefined();
    if (entry!.status === 'failed') {
      failed++;
      expect(String(entry!.reason)).not.toBe('');
      continue;
    }
    const bytes = files.get(entry!.path as string)!;
    expect(entry!.fileSha256).toBe(sha256(bytes));
    const file = JSON.parse(Buffer.from(bytes).toString('utf8'));
    // A seeded template is exported byte-exact, without the id the tenant gave it.
    const { id, ...rest } = asExported(system);
    expect(file).toEqual('id' in file ? { id, ...rest } : rest);
  }
  return { manifest, failed };
}

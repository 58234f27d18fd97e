import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { contentHash } from '@/lib/canonical/hash.ts';
import { READ_LIMITS, readImportFiles } from '@/lib/import/read.ts';
import type { BundleManifest } from '@/lib/model/bundle.ts';
import { REAL_EXPORTS, fixtureText } from '../schema/real-fixtures.ts';
import { ORIGIN, bundleOf, encode } from './helpers.ts';

const TEXTS = REAL_EXPORTS.map((f) => f.text);
const one = (name: string, text: string | Uint8Array) => ({ name, bytes: typeof text === 'string' ? encode(text) : text });

/** Rewrites a zip entry (or the manifest) and zips again. */
function rezip(zip: Uint8Array, change: (files: Record<string, Uint8Array>) => void): Uint8Array {
  const files = unzipSync(zip);
  change(files);
  return zipSync(files);
}

describe('readImportFiles: bundles', () => {
  it('round-trips a bundle of every real export built by buildBundle', async () => {
    const result = await readImportFiles([one('t1.zip', await bundleOf(TEXTS))]);
    expect(result.invalid).toEqual([]);
    expect(result.notes).toEqual([]);
    expect(result.bundles).toHaveLength(1);
    expect(result.items).toHaveLength(TEXTS.length);
    for (const item of result.items) {
      const entry = result.bundles[0]!.manifest.systems.find((s) => s.status === 'ok' && s.path === item.path);
      expect(entry && entry.status === 'ok' && entry.contentHash).toBe(item.contentHash);
      expect(TEXTS).toContain(item.text);
      expect(item).toMatchObject({ file: 't1.zip', integrity: 'ok', bundle: { origin: ORIGIN, tenantId: 'teched2025-00' } });
      expect(item.record).toEqual(JSON.parse(item.text));
    }
    expect(new Set(result.items.map((i) => i.key)).size).toBe(TEXTS.length);
  });

  it('flags a file changed after export as a mismatch and keeps the others ok', async () => {
    const zip = rezip(await bundleOf(TEXTS), (files) => {
      const path = 'target/BTP CF provisioning target.json';
      const text = new TextDecoder().decode(files[path]);
      const tampered = text.replace('"ips.trace.failed.entity.content": "true"', '"ips.trace.failed.entity.content": "false"');
      expect(tampered).not.toBe(text);
      files[path] = strToU8(tampered);
    });
    const { items, invalid } = await readImportFiles([one('t.zip', zip)]);
    expect(invalid).toEqual([]);
    const bad = items.filter((i) => i.integrity === 'mismatch');
    expect(bad.map((i) => i.path)).toEqual(['target/BTP CF provisioning target.json']);
    expect(bad[0]!.integrityDetail).toMatch(/SHA-256/);
    expect(items.filter((i) => i.integrity === 'ok')).toHaveLength(TEXTS.length - 1);
  });

  it('flags a manifest that names another system than the file holds', async () => {
    const zip = rezip(await bundleOf([fixtureText('S4Aimportsource.json')]), (files) => {
      const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as BundleManifest;
      manifest.systems[0]!.name = 'Something else';
      files['manifest.json'] = strToU8(JSON.stringify(manifest));
    });
    const { items } = await readImportFiles([one('t.zip', zip)]);
    expect(items[0]).toMatchObject({ integrity: 'mismatch', integrityDetail: expect.stringMatching(/Something else/) });
  });

  it('lists failed, missing and unlisted entries as not importable', async () => {
    const zip = rezip(await bundleOf([fixtureText('S4Aimportsource.json'), fixtureText('S4Aimporttarget.json')]), (files) => {
      const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as BundleManifest;
      manifest.systems.push({ status: 'failed', id: 'x', name: 'Broken', kind: 'target', reason: 'HTTP 500' });
      files['manifest.json'] = strToU8(JSON.stringify(manifest));
      delete files['target/S4A import target.json'];
      files['source/extra.json'] = strToU8(fixtureText('NON-SAPimportsource.json'));
    });
    const { items, invalid } = await readImportFiles([one('t.zip', zip)]);
    expect(items.map((i) => i.name)).toEqual(['S4A import source']);
    expect(invalid.map((i) => [i.code, i.path])).toEqual([
      ['missing-in-zip', 'target/S4A import target.json'],
      ['export-failed', undefined],
      ['not-in-manifest', 'source/extra.json'],
    ]);
    expect(invalid[1]!.reason).toMatch(/"Broken".*HTTP 500/);
  });

  it('refuses every file of a zip whose manifest is invalid', async () => {
    const zip = rezip(await bundleOf([fixtureText('S4Aimportsource.json'), fixtureText('S4Aimporttarget.json')]), (files) => {
      const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as Record<string, unknown>;
      manifest.formatVersion = 2;
      files['manifest.json'] = strToU8(JSON.stringify(manifest));
    });
    const { items, invalid, bundles } = await readImportFiles([one('t.zip', zip)]);
    expect(items).toEqual([]);
    expect(bundles).toEqual([]);
    expect(invalid.map((i) => i.code)).toEqual(['manifest-invalid', 'manifest-invalid']);
    expect(invalid[0]!.reason).toMatch(/manifest\.json is invalid.*\/formatVersion: must be 1/s);
  });

  it('reads a zip without manifest as unchecked plain files and lists bad ones with path and reason', async () => {
    const zip = zipSync({
      'a/S4A.json': strToU8(fixtureText('S4Aimportsource.json')),
      'b/minified': strToU8(JSON.stringify(JSON.parse(fixtureText('S4Aimporttarget.json')))),
      'broken.json': strToU8('{"name": "x",\n  oops}'),
    });
    const result = await readImportFiles([one('hand.zip', zip)]);
    expect(result.items.map((i) => [i.name, i.integrity, i.path])).toEqual([
      ['S4A import source', 'unchecked', 'a/S4A.json'],
      ['S4A import target', 'unchecked', 'b/minified'],
    ]);
    expect(result.items[0]!.bundle).toBeUndefined();
    expect(result.notes[0]).toMatch(/hand\.zip has no manifest\.json/);
    expect(result.invalid).toEqual([{ file: 'hand.zip', path: 'broken.json', code: 'invalid-file', reason: expect.stringMatching(/invalid JSON at line 2/), issues: expect.any(Array) }]);
  });
});

describe('readImportFiles: single files', () => {
  const pretty = fixtureText('BTPCFprovisioningtarget.json');
  const value = JSON.parse(pretty) as object;

  it.each([
    ['pretty .json', 'a.json', encode(pretty)],
    ['minified', 'a.json', encode(JSON.stringify(value))],
    ['no extension', 'BTPCFprovisioningtarget', encode(pretty)],
    ['BOM', 'a.json', Uint8Array.from([0xef, 0xbb, 0xbf, ...encode(pretty)])],
    ['CRLF', 'a.json', encode(pretty.replace(/\n/g, '\r\n'))],
  ])('%s', async (_label, name, bytes) => {
    const { items, invalid } = await readImportFiles([{ name, bytes }]);
    expect(invalid).toEqual([]);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ key: name, file: name, kind: 'target', integrity: 'unchecked', contentHash: await contentHash(value) });
    expect(items[0]!.text.startsWith('\uFEFF')).toBe(false);
  });

  it.each([
    ['invalid JSON', '{"a": 1,', /invalid JSON at line 1/],
    ['not a system', '{"hello": "world"}', /\/connectorTypeString: is required/],
    ['UTF-16', Uint8Array.from([0xff, 0xfe, 0x7b, 0x00]), /UTF-16/],
    ['empty', '', /empty/],
  ])('lists %s with the reason and leaves it out', async (_label, text, reason) => {
    const { items, invalid } = await readImportFiles([one('bad.json', text), one('ok.json', pretty)]);
    expect(items.map((i) => i.file)).toEqual(['ok.json']);
    expect(invalid).toHaveLength(1);
    expect(invalid[0]).toMatchObject({ file: 'bad.json', code: 'invalid-file' });
    expect(invalid[0]!.path).toBeUndefined();
    expect(invalid[0]!.reason).toMatch(reason);
  });

  it('flags the same system twice across inputs and keeps keys unique', async () => {
    const zip = await bundleOf([pretty]);
    const { items, duplicates } = await readImportFiles([one('a.json', pretty), one('a.json', JSON.stringify(value)), one('b.zip', zip)]);
    expect(items.map((i) => i.key)).toEqual(['a.json', 'a.json#2', 'b.zip!target/BTP CF provisioning target.json']);
    expect(duplicates).toEqual([{ kind: 'target', name: 'BTP CF provisioning target', keys: items.map((i) => i.key) }]);
  });
});

describe('readImportFiles: guards', () => {
  it('refuses a zip bomb before inflating it', async () => {
    const zip = zipSync({ 'manifest.json': strToU8('{}'), 'big.json': new Uint8Array(READ_LIMITS.maxTotalBytes + 1) }, { level: 1 });
    expect(zip.length).toBeLessThan(1_000_000);
    const { items, invalid } = await readImportFiles([one('bomb.zip', zip)]);
    expect(items).toEqual([]);
    expect(invalid).toEqual([{ file: 'bomb.zip', code: 'too-large', reason: expect.stringMatching(/zip bomb guard/) }]);
  });

  it('reads no more than the declared size of an entry whose header lies', async () => {
    const zip = zipSync({ 'a.json': strToU8(' '.repeat(2_000_000) + fixtureText('S4Aimportsource.json')) }, { level: 1 });
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    for (let i = 0; i + 4 <= zip.length; i++) {
      if (view.getUint32(i, true) === 0x02014b50) view.setUint32(i + 24, 10, true); // central directory: uncompressed size
    }
    const { items, invalid } = await readImportFiles([one('liar.zip', zip)]);
    expect(items).toEqual([]);
    expect(invalid).toMatchObject([{ path: 'a.json', code: 'invalid-file' }]);
  });

  it('refuses a zip with too many entries', async () => {
    const files = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`f${i}.json`, strToU8('{}')]));
    const { invalid } = await readImportFiles([one('many.zip', zipSync(files))], { ...READ_LIMITS, maxEntries: 4 });
    expect(invalid).toEqual([{ file: 'many.zip', code: 'too-large', reason: expect.stringMatching(/more than 4 entries/) }]);
  });

  it('refuses an oversized single file', async () => {
    const { invalid } = await readImportFiles([one('big.json', fixtureText('S4Aimportsource.json'))], { ...READ_LIMITS, maxFileBytes: 100 });
    expect(invalid[0]).toMatchObject({ code: 'too-large', reason: expect.stringMatching(/at most 100/) });
  });

  it('never reads entries whose names are path tricks', async () => {
    const text = strToU8(fixtureText('S4Aimportsource.json'));
    const zip = zipSync({ '../up.json': text, '/abs.json': text, 'C:/x.json': text, 'a\\b.json': text, 'ok.json': text });
    const { items, invalid } = await readImportFiles([one('tricks.zip', zip)]);
    expect(items.map((i) => i.path)).toEqual(['ok.json']);
    expect(invalid.map((i) => [i.path, i.code])).toEqual([
      ['../up.json', 'unsafe-path'],
      ['/abs.json', 'unsafe-path'],
      ['C:/x.json', 'unsafe-path'],
      ['a\\b.json', 'unsafe-path'],
    ]);
  });

  it('reports a damaged zip', async () => {
    const zip = await bundleOf([fixtureText('S4Aimportsource.json')]);
    const { invalid } = await readImportFiles([one('cut.zip', zip.slice(0, zip.length - 30))]);
    expect(invalid[0]).toMatchObject({ file: 'cut.zip', code: 'bad-zip' });
  });
});

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
    ['a dotted name without extension', 'Target v1.2', encode(pretty)],
    ['upper-case .JSON', 'A.JSON', encode(pretty)],
  ])('%s', async (_label, name, bytes) => {
    const { items, invalid } = await readImportFiles([{ name, bytes }]);
    expect(invalid).toEqual([]);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ key: name, file: name, kind: 'target', integrity: 'unchecked', contentHash: await contentHash(value) });
    expect(items[0]!.text.startsWith('\uFEFF')).toBe(false);
  });

  it('a dotted name keeps the decoder’s reason: a version number is no file extension', async () => {
    const { invalid } = await readImportFiles([{ name: 'Target v1.2', bytes: Uint8Array.from([0xff, 0xfe, 0x7b, 0x00]) }]);
    expect(invalid).toHaveLength(1);
    expect(invalid[0]!.reason).toMatch(/UTF-16/);
  });

  it.each([
    ['invalid JSON', '{"a": 1,', /invalid JSON at line 1/],
    ['not a system', '{"hello": "world"}', /^is not an Identity Provisioning system export \(no connectorTypeString \/ accessMode \/ name\)/],
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

describe('readImportFiles: files that are not what the admin meant', () => {
  const source = fixtureText('S4Aimportsource.json');
  const target = fixtureText('S4Aimporttarget.json');
  const bytes = (text: string | Uint8Array) => (typeof text === 'string' ? strToU8(text) : text);
  const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xfe, 0x00]);

  it.each([
    ['JSON named .zip', 'x.zip', '{"hello": "world"}'],
    ['text named .zip', 'x.ZIP', 'just some text'],
    ['binary named .zip', 'x.zip', PNG],
    ['empty file named .zip', 'x.zip', ''],
  ])('%s: says it is not a zip archive', async (_label, name, content) => {
    const { items, invalid } = await readImportFiles([one(name, content)]);
    expect(items).toEqual([]);
    expect(invalid).toEqual([
      { file: name, code: 'bad-zip', reason: 'is not a zip archive (damaged or not a zip): export the systems again or choose the bundle file itself' },
    ]);
  });

  it('still reads an exported system whose file name ends in .zip', async () => {
    const { items, invalid } = await readImportFiles([one('S4A.zip', source)]);
    expect(invalid).toEqual([]);
    expect(items.map((i) => i.name)).toEqual(['S4A import source']);
  });

  const ARRAY = 'holds a JSON array, not one exported system: export files hold one system as an object';
  it.each([
    ['a JSON array', '[1, 2]', ARRAY, [{ path: '', message: 'must be object' }]],
    ['an array of systems', `[${source}]`, ARRAY, [{ path: '', message: 'must be object' }]],
    ['a JSON string', '"hello"', /^holds a JSON string, not an exported system: export files hold one system as an object$/, [{ path: '', message: 'must be object' }]],
    ['JSON null', 'null', /^holds a JSON null, not an exported system/, [{ path: '', message: 'must be object' }]],
    [
      'a random object',
      '{"hello": "world"}',
      'is not an Identity Provisioning system export (no connectorTypeString / accessMode / name): choose the .json files exported from the console\n' +
        '/connectorTypeString: is required\n/accessMode: is required\n/name: is required',
      [
        { path: '/connectorTypeString', message: 'is required' },
        { path: '/accessMode', message: 'is required' },
        { path: '/name', message: 'is required' },
      ],
    ],
    ['a package.json', '{"name": "pkg", "version": "1.0.0"}', /^is not an Identity Provisioning system export \(no connectorTypeString \/ accessMode\): /, expect.any(Array)],
    [
      'a system with a bad field',
      source.replace('"accessMode": "READ"', '"accessMode": "SOMETIMES"'),
      'is not a valid system export: fix the file or export the system again\n/accessMode: must be one of READ, WRITE, PROXY',
      [{ path: '/accessMode', message: 'must be one of READ, WRITE, PROXY' }],
    ],
    ['malformed JSON (unchanged)', '{"a": 1,', /^invalid JSON at line 1, column 9: unexpected end of file/, expect.any(Array)],
    ['an empty file (unchanged)', '  \n', /^the file is empty$/, expect.any(Array)],
  ])('a single file holding %s gets a plain reason with the issues as details', async (_label, text, reason, issues) => {
    expect(source).toContain('"accessMode": "READ"');
    const { items, invalid } = await readImportFiles([one('bad.json', text)]);
    expect(items).toEqual([]);
    expect(invalid).toEqual([{ file: 'bad.json', code: 'invalid-file', reason: typeof reason === 'string' ? reason : expect.stringMatching(reason), issues }]);
  });

  it.each([
    ['readme.txt', 'Read me first', 'is not a system file (.txt): choose the .json files exported from the console or a bundle zip'],
    ['logo.png', PNG, 'is not a system file (.png): choose the .json files exported from the console or a bundle zip'],
  ])('a single %s is named as not a system file', async (name, content, reason) => {
    const { invalid } = await readImportFiles([one(name, content)]);
    expect(invalid).toEqual([{ file: name, code: 'invalid-file', reason, issues: expect.any(Array) }]);
  });

  const FOREIGN = 'is neither an IPS Snapshots bundle (no manifest.json) nor a zip of console export files: choose the bundle the extension saved, or the .json files exported from the console';
  const rows = (invalid: Array<{ file: string; path?: string; code: string; reason: string }>) => invalid.map((i) => [i.path ?? '', i.code, i.reason.split('\n')[0]]);

  it.each([
    [
      'a foreign zip of non-JSON files',
      { 'readme.txt': 'hello', 'data.csv': 'a;b\n1;2', 'docs/notes.md': '# Notes', 'img/logo.png': PNG, 'LICENSE': 'MIT License' },
      [
        ['', 'invalid-file', FOREIGN],
        ['readme.txt', 'invalid-file', 'not a system file (.txt), ignored'],
        ['data.csv', 'invalid-file', 'not a system file (.csv), ignored'],
        ['docs/notes.md', 'invalid-file', 'not a system file (.md), ignored'],
        ['img/logo.png', 'invalid-file', 'not a system file (.png), ignored'],
        ['LICENSE', 'invalid-file', 'not a system file (not JSON), ignored'],
      ],
      [],
    ],
    [
      'a foreign zip with JSON that is no system',
      { 'readme.txt': 'hello', 'package.json': '{"name": "pkg"}', 'list.json': '[]' },
      [
        ['', 'invalid-file', FOREIGN],
        ['readme.txt', 'invalid-file', 'not a system file (.txt), ignored'],
        ['package.json', 'invalid-file', 'is not an Identity Provisioning system export (no connectorTypeString / accessMode): choose the .json files exported from the console'],
        ['list.json', 'invalid-file', 'holds a JSON array, not one exported system: export files hold one system as an object'],
      ],
      [],
    ],
    [
      'exports zipped on a Mac, with a readme',
      { 'exports/a.json': source, 'exports/b': target, 'exports/readme.txt': 'hi', '__MACOSX/exports/._a.json': PNG, 'exports/.DS_Store': PNG, 'Thumbs.db': PNG },
      [['exports/readme.txt', 'invalid-file', 'not a system file (.txt), ignored']],
      ['S4A import source', 'S4A import target'],
    ],
    [
      'a zip of damaged exports only (no foreign-zip headline)',
      { 'a.json': '{"name": "x",\n  oops}' },
      [['a.json', 'invalid-file', 'invalid JSON at line 2, column 3: unexpected character, expected a double-quoted property name']],
      [],
    ],
    ['an empty zip', {}, [['', 'invalid-file', 'is an empty zip: export the systems again or choose the bundle file itself']], []],
    ['a zip of macOS junk only', { '__MACOSX/._x': PNG, '.DS_Store': PNG }, [['', 'invalid-file', 'is an empty zip: export the systems again or choose the bundle file itself']], []],
  ])('%s', async (_label, files, expected, names) => {
    const zip = zipSync(Object.fromEntries(Object.entries(files).map(([path, content]) => [path, bytes(content)])));
    const { items, invalid, notes } = await readImportFiles([one('other.zip', zip)]);
    expect(items.map((i) => i.name)).toEqual(names);
    expect(rows(invalid)).toEqual(expected);
    expect(invalid.every((i) => i.file === 'other.zip')).toBe(true);
    expect(invalid.some((i) => /invalid JSON/.test(i.reason) && !i.path?.endsWith('.json'))).toBe(false);
    const headline = expected.some(([path]) => path === '');
    expect(notes.some((n) => /other\.zip has no manifest\.json/.test(n))).toBe(!headline);
  });

  it('lists at most 10 ignored files of a zip and sums up the rest', async () => {
    const files = Object.fromEntries(Array.from({ length: 13 }, (_, i) => [`img/${i}.png`, PNG]));
    const { invalid } = await readImportFiles([one('pics.zip', zipSync({ ...files, 'a.json': strToU8(source) }))]);
    expect(invalid).toHaveLength(11);
    expect(invalid[10]).toEqual({ file: 'pics.zip', code: 'invalid-file', reason: '3 more files are not system files, ignored' });
  });

  it('does not list macOS junk of a bundle as files missing from the manifest', async () => {
    const zip = rezip(await bundleOf([source]), (files) => {
      files['__MACOSX/source/._S4A import source.json'] = PNG;
      files['.DS_Store'] = PNG;
    });
    const { items, invalid } = await readImportFiles([one('b.zip', zip)]);
    expect(invalid).toEqual([]);
    expect(items).toMatchObject([{ name: 'S4A import source', integrity: 'ok' }]);
  });
});

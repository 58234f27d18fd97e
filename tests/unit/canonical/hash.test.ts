import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { contentHash, fullHash, sha256Hex, stripVolatile } from '@/lib/canonical/hash.ts';
import { canonicalize } from '@/lib/canonical/jcs.ts';
import { VOLATILE_FIELDS, type SystemFile } from '@/lib/model/system.ts';
import { fixtureText } from '../schema/real-fixtures.ts';

const RECORD = JSON.parse(fixtureText('BTPCFprovisioningtarget.json')) as SystemFile;

function edited(edit: (r: Record<string, any>) => void): SystemFile {
  const copy = structuredClone(RECORD);
  edit(copy);
  return copy;
}

describe('sha256Hex (WebCrypto, here under happy-dom)', () => {
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
  ])('%j', async (input, expected) => {
    expect(await sha256Hex(input)).toBe(expected);
  });

  it('hashes strings as UTF-8 and bytes as given', async () => {
    const text = 'Größe € 😀';
    const expected = createHash('sha256').update(text, 'utf8').digest('hex');
    expect(await sha256Hex(text)).toBe(expected);
    expect(await sha256Hex(new TextEncoder().encode(text))).toBe(expected);
    expect(await sha256Hex(Uint8Array.from([0xef, 0xbb, 0xbf]))).toBe(createHash('sha256').update(Buffer.from([0xef, 0xbb, 0xbf])).digest('hex'));
  });
});

describe('contentHash and fullHash', () => {
  it('are SHA-256 of the canonical form (without / with volatile fields)', async () => {
    const hex = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
    expect(await fullHash(RECORD)).toBe(hex(canonicalize(RECORD)));
    expect(await contentHash(RECORD)).toBe(hex(canonicalize(stripVolatile(RECORD))));
    expect(await contentHash(RECORD)).not.toBe(await fullHash(RECORD));
  });

  it.each(VOLATILE_FIELDS.map((field) => [field]))('ignore a changed or missing %s; fullHash does not', async (field) => {
    const before = await contentHash(RECORD);
    const full = await fullHash(RECORD);
    const changed = edited((r) => (r[field] = typeof r[field] === 'boolean' ? !r[field] : 'other'));
    const missing = edited((r) => delete r[field]);
    expect(await contentHash(changed)).toBe(before);
    expect(await contentHash(missing)).toBe(before);
    expect(await fullHash(changed)).not.toBe(full);
    expect(await fullHash(missing)).not.toBe(full);
  });

  it.each<[string, (r: Record<string, any>) => void]>([
    ['a property value', (r) => (r.properties.URL += '/v2')],
    ['a new property', (r) => (r.properties['ips.delta.read'] = 'enabled')],
    ['the name', (r) => (r.name += ' copy')],
    ['a credential name', (r) => (r.encryptedProperties.OtherSecret = null)],
    ['a mapping', (r) => (r.transformation.user.mappings[0].optional = true)],
    ['the order of mappings', (r) => r.transformation.user.mappings.reverse()],
    ['relatedSystems', (r) => r.relatedSystems.push('Another Source')],
    ['an unknown key', (r) => (r.futureKey = false)],
    ['a non-volatile boolean', (r) => (r.automaticOutboundCertificateRenew = !r.automaticOutboundCertificateRenew)],
  ])('change with %s', async (_name, edit) => {
    expect(await contentHash(edited(edit))).not.toBe(await contentHash(RECORD));
  });

  it('ignore key order', async () => {
    const reversed = Object.fromEntries(Object.entries(RECORD).reverse()) as SystemFile;
    expect(await contentHash(reversed)).toBe(await contentHash(RECORD));
    expect(await fullHash(reversed)).toBe(await fullHash(RECORD));
  });
});

describe('stripVolatile', () => {
  it('drops exactly the volatile fields, keeps key order and leaves the input alone', () => {
    const copy = structuredClone(RECORD);
    const stripped = stripVolatile(copy);
    expect(copy).toEqual(RECORD);
    expect(Object.keys(stripped)).toEqual(Object.keys(RECORD).filter((k) => !(VOLATILE_FIELDS as readonly string[]).includes(k)));
    expect(stripped.name).toBe(RECORD.name);
  });

  it('keeps a __proto__ key as data', () => {
    const record = JSON.parse('{"id":"x","__proto__":{"a":1},"name":"n"}') as object;
    const stripped = stripVolatile(record);
    expect(Object.keys(stripped)).toEqual(['__proto__', 'name']);
    expect(Object.getPrototypeOf(stripped)).toBe(Object.prototype);
  });
});

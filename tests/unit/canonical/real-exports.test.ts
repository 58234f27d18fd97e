import { describe, expect, it } from 'vitest';
import { contentHash, fullHash } from '@/lib/canonical/hash.ts';
import { canonicalize } from '@/lib/canonical/jcs.ts';
import { serializeSystemFile } from '@/lib/canonical/serialize.ts';
import type { SystemFile } from '@/lib/model/system.ts';
import { parseSystemFile } from '@/lib/schema/validate.ts';
import { FIXTURES, REAL_EXPORTS, shuffleKeys, TEMPLATES, variants } from '../schema/real-fixtures.ts';

function record(input: string | Uint8Array): SystemFile {
  const result = parseSystemFile(input);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.record;
}

describe('real exports', () => {
  it('are all present (9 exports, 2 templates)', () => {
    expect([REAL_EXPORTS.length, TEMPLATES.length]).toEqual([9, 2]);
  });

  it.each(REAL_EXPORTS.map((f) => [f.file, f.text]))('%s re-serialises byte-identically', (_file, text) => {
    expect(serializeSystemFile(record(text))).toBe(text);
  });

  it.each(FIXTURES.flatMap((f) => variants(f.text).map((v) => [f.file, v.name, f.text, v.input] as const)))(
    '%s as %s: same contentHash and fullHash',
    async (_file, _name, text, input) => {
      const original = record(text);
      const variant = record(input);
      expect(await contentHash(variant)).toBe(await contentHash(original));
      expect(await fullHash(variant)).toBe(await fullHash(original));
    },
  );

  it('the shuffled variant really reorders keys (the hash test above could not fail otherwise)', () => {
    const original = JSON.parse(REAL_EXPORTS[0]!.text) as Record<string, any>;
    const shuffled = shuffleKeys(original) as Record<string, any>;
    expect(Object.keys(shuffled)).not.toEqual(Object.keys(original));
    expect(Object.keys(shuffled.properties)).not.toEqual(Object.keys(original.properties));
    expect(JSON.stringify(shuffled)).not.toBe(JSON.stringify(original));
    expect(canonicalize(shuffled)).toBe(canonicalize(original));
  });

  it('give eleven different content hashes', async () => {
    const hashes = await Promise.all(FIXTURES.map((f) => contentHash(record(f.text))));
    expect(new Set(hashes).size).toBe(FIXTURES.length);
  });

  it('canonical form is a fixed point', () => {
    for (const f of FIXTURES) {
      const canonical = canonicalize(record(f.text));
      expect(canonicalize(JSON.parse(canonical))).toBe(canonical);
    }
  });
});

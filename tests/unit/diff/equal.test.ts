import { describe, expect, it } from 'vitest';
import { canonicalize } from '@/lib/canonical/jcs.ts';
import { jsonEqual } from '@/lib/diff/equal.ts';
import { REAL_EXPORTS, shuffleKeys } from '../schema/real-fixtures.ts';

describe('jsonEqual agrees with canonical form', () => {
  it.each([
    { a: { x: 1, y: [1, { z: 'a' }] }, b: { y: [1, { z: 'a' }], x: 1 }, equal: true },
    { a: [1, 2], b: [2, 1], equal: false },
    { a: { x: undefined, y: 1 }, b: { y: 1 }, equal: true },
    { a: { x: null }, b: {}, equal: false },
    { a: -0, b: 0, equal: true },
    { a: [], b: {}, equal: false },
    { a: '1', b: 1, equal: false },
    { a: { a: 1 }, b: { a: 1, b: 2 }, equal: false },
    { a: { a: 1, b: 2 }, b: { a: 1 }, equal: false },
    { a: null, b: {}, equal: false },
  ])('$a vs $b', ({ a, b, equal }) => {
    expect(jsonEqual(a, b)).toBe(equal);
    expect(canonicalize(a) === canonicalize(b)).toBe(equal);
  });

  it('on every pair of mappings in the real exports, and their shuffled copies', () => {
    const all = REAL_EXPORTS.flatMap((f) => {
      const transformation = (JSON.parse(f.text) as { transformation?: Record<string, { mappings?: unknown[] }> }).transformation;
      return Object.values(transformation ?? {}).flatMap((entity) => entity.mappings ?? []);
    });
    const canonical = all.map((m) => canonicalize(m));
    const shuffled = all.map((m) => shuffleKeys(m));
    let equalPairs = 0;
    const disagreements: string[] = [];
    all.forEach((a, i) =>
      shuffled.forEach((b, j) => {
        const same = canonical[i] === canonical[j];
        equalPairs += same ? 1 : 0;
        if (jsonEqual(a, b) !== same) disagreements.push(`${canonical[i]} vs ${canonical[j]}`);
      }),
    );
    expect(disagreements).toEqual([]);
    expect(equalPairs).toBeGreaterThan(all.length); // identical mappings recur across files
  });
});

import { describe, expect, it } from 'vitest';
import { stripVolatile } from '@/lib/canonical/hash.ts';
import { canonicalize } from '@/lib/canonical/jcs.ts';
import { diffSequences } from '@/lib/diff/myers.ts';
import { canonicalLines, linesToHunks, sideBySideRows, textDiff, unifiedRows, type Hunk } from '@/lib/diff/text.ts';
import type { SystemFile } from '@/lib/model/system.ts';
import { FIXTURES, fixtureText, shuffleKeys } from '../schema/real-fixtures.ts';
import { edit, mappings, move, parse, real } from './helpers.ts';

const TGT = 'S4Aimporttarget.json';

/** Applies unified hunks to the left lines, checking every context and removed line on the way. */
function applyHunks(left: readonly string[], hunks: readonly Hunk[]): string[] {
  const out: string[] = [];
  let position = 0;
  for (const hunk of hunks) {
    const start = hunk.leftCount === 0 ? hunk.leftStart : hunk.leftStart - 1;
    out.push(...left.slice(position, start));
    position = start;
    for (const line of hunk.lines) {
      if (line.op !== '+') expect(left[position++]).toBe(line.text);
      if (line.op !== '-') out.push(line.text);
    }
  }
  return [...out, ...left.slice(position)];
}

/** Lines in the longest common subsequence, by dynamic programming: the minimal edit count to compare. */
function lcsLength(a: readonly string[], b: readonly string[]): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (const x of a) {
    let diagonal = 0;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = x === b[j - 1] ? diagonal + 1 : Math.max(row[j]!, row[j - 1]!);
      diagonal = above;
    }
  }
  return row[b.length]!;
}

function rng(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
}

const edits: Array<{ name: string; right: SystemFile }> = [
  { name: 'changed property', right: edit(TGT, (s) => (s.properties!['ips.trace.failed.entity.content'] = 'true')) },
  { name: 'moved mapping', right: edit(TGT, (s) => move(mappings(s), 3, 30)) },
  { name: 'added + removed mappings', right: edit(TGT, (s) => mappings(s).splice(5, 3, { targetPath: '$.x', constant: 1 })) },
  { name: 'entity removed', right: edit(TGT, (s) => delete s.transformation!.group) },
  { name: 'everything differs', right: real('BTPCFprovisioningtarget.json') },
];

describe('canonicalLines', () => {
  it.each(FIXTURES.map((f) => [f.file, f.text]))('%s: sorted keys, 2-space indent, no volatile fields', (_file, text) => {
    const record = parse(text);
    const expected = JSON.stringify(JSON.parse(canonicalize(stripVolatile(record))), null, 2).split('\n');
    expect(canonicalLines(record)).toEqual(expected);
  });

  it('shows volatile fields on request and never a credential value', () => {
    const record = edit('BTPCFimportsource.json', (s) => (s.encryptedProperties = { Password: 'Leaked-Secret' }));
    const lines = canonicalLines(record, { showVolatile: true });
    expect(lines).toContain(`  "id": ${JSON.stringify(record.id)},`);
    expect(canonicalLines(record).some((line) => line.startsWith('  "id"'))).toBe(false);
    expect(lines).toContain('    "Password": null');
    expect(lines.join('\n')).not.toContain('Leaked-Secret');
  });

  it('sorts integer-like keys as text, as canonical JSON does', () => {
    const record = edit(TGT, (s) => (s.properties = { '10': 'a', '2': 'b' }));
    expect(canonicalLines(record).filter((line) => /^ {4}"\d+"/.test(line))).toEqual(['    "10": "a",', '    "2": "b"']);
  });
});

describe('textDiff', () => {
  it.each([0, 1, 3])('applying the hunks (context %i) rebuilds the right side', (context) => {
    for (const { right } of edits) {
      const diff = textDiff(real(TGT), right, { context });
      expect(applyHunks(diff.left, diff.hunks)).toEqual(diff.right);
    }
  });

  it.each([
    { name: 'key order only', right: shuffleKeys(real(TGT)) as SystemFile },
    { name: 'minified vs pretty', right: parse(JSON.stringify(JSON.parse(fixtureText(TGT)))) },
    { name: 'volatile only', right: edit(TGT, (s) => Object.assign(s, { id: 'x', tenantId: 'y', fromImport: true })) },
  ])('$name: no hunks', ({ right }) => {
    expect(textDiff(real(TGT), right).hunks).toEqual([]);
  });

  it('shows a volatile change when asked', () => {
    const right = edit(TGT, (s) => (s.tenantId = 'other'));
    const lines = textDiff(real(TGT), right, { showVolatile: true, context: 0 }).hunks.flatMap((h) => h.lines);
    expect(lines.map((l) => `${l.op}${l.text}`)).toEqual(['-  "tenantId": "teched2025-00",', '+  "tenantId": "other",']);
  });

  it('a changed property is one hunk with a -/+ pair, numbered like diff -u', () => {
    const right = edit(TGT, (s) => (s.properties!['ips.trace.failed.entity.content'] = 'true'));
    const { hunks, left } = textDiff(real(TGT), right, { context: 1 });
    const at = left.indexOf('    "ips.trace.failed.entity.content": "false"') + 1;
    expect(hunks).toHaveLength(1);
    expect(hunks[0]!.header).toBe(`@@ -${at - 1},3 +${at - 1},3 @@`);
    expect(sideBySideRows(hunks[0]!).map((r) => r.type)).toEqual(['equal', 'changed', 'equal']);
    expect(sideBySideRows(hunks[0]!)[1]).toEqual({
      type: 'changed',
      left: { line: at, text: '    "ips.trace.failed.entity.content": "false"' },
      right: { line: at, text: '    "ips.trace.failed.entity.content": "true"' },
    });
    expect(unifiedRows(hunks)[0]).toEqual({ header: hunks[0]!.header });
  });

  it('an added and a removed system are all + and all - lines', () => {
    const added = textDiff(null, real(TGT), { context: 0 });
    expect(added.hunks).toHaveLength(1);
    expect(added.hunks[0]!.lines.every((l) => l.op === '+')).toBe(true);
    expect(added.hunks[0]!.header).toBe(`@@ -0,0 +1,${added.right.length} @@`);
    expect(applyHunks([], added.hunks)).toEqual(added.right);
    expect(textDiff(real(TGT), null).hunks[0]!.lines.every((l) => l.op === '-')).toBe(true);
  });

  it('side-by-side rows pair removed with added lines and keep the rest one-sided', () => {
    const rows = sideBySideRows(linesToHunks(['a', 'b', 'c', 'z'], ['a', 'x', 'z'], 1)[0]!);
    expect(rows.map((r) => [r.type, r.left?.text ?? '', r.right?.text ?? ''])).toEqual([
      ['equal', 'a', 'a'],
      ['changed', 'b', 'x'],
      ['removed', 'c', ''],
      ['equal', 'z', 'z'],
    ]);
  });
});

describe('diffSequences (Myers)', () => {
  it('finds a shortest edit script on random sequences', () => {
    const random = rng(42);
    for (let round = 0; round < 300; round++) {
      const make = () => Array.from({ length: Math.floor(random() * 30) }, () => 'abcde'[Math.floor(random() * 5)]!);
      const a = make();
      const b = make();
      const script = diffSequences(a, b);
      const changes = script.filter((e) => e.op !== 'equal').length;
      expect(changes).toBe(a.length + b.length - 2 * lcsLength(a, b));
      expect(applyHunks(a, linesToHunks(a, b, 2))).toEqual(b);
    }
  });
});

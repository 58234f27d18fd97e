/**
 * Text view of a system diff: a line diff of the canonical pretty JSON (keys sorted, 2-space indent),
 * so key order and whitespace of the original files never show. Volatile fields are left out unless
 * shown, and credential values are blanked so a leaked secret cannot reach the screen.
 */
import { VOLATILE_FIELDS, type SystemFile } from '../model/system.ts';
import { isObject } from './equal.ts';
import { diffSequences, type Edit } from './myers.ts';
import type { DiffOptions } from './types.ts';

export interface UnifiedLine {
  op: ' ' | '-' | '+';
  text: string;
  /** 1-based line numbers on the side(s) the line belongs to. */
  left?: number;
  right?: number;
}

export interface Hunk {
  /** As in `diff -u`: 1-based first line, or the line before an empty range. */
  leftStart: number;
  leftCount: number;
  rightStart: number;
  rightCount: number;
  header: string;
  lines: UnifiedLine[];
}

export interface TextDiff {
  left: string[];
  right: string[];
  hunks: Hunk[];
}

export interface SideBySideCell {
  line: number;
  text: string;
}

export interface SideBySideRow {
  type: 'equal' | 'changed' | 'removed' | 'added';
  left?: SideBySideCell;
  right?: SideBySideCell;
}

export interface TextDiffOptions extends DiffOptions {
  /** Unchanged lines shown around each change; 3 unless given. */
  context?: number;
}

const VOLATILE = new Set<string>(VOLATILE_FIELDS);

/** The record as the text view shows it, one array entry per line; [] for a missing side. */
export function canonicalLines(record: SystemFile | null, options: DiffOptions = {}): string[] {
  if (!record) return [];
  const shown: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (!options.showVolatile && VOLATILE.has(key)) continue;
    shown[key] = key === 'encryptedProperties' && isObject(value) ? namesOnly(value) : value;
  }
  const lines: string[] = [];
  writeLines(shown, '', '', '', lines);
  return lines;
}

function namesOnly(credentials: Record<string, unknown>): Record<string, null> {
  return Object.fromEntries(Object.keys(credentials).map((name) => [name, null]));
}

/** JSON.stringify(value, null, 2) with sorted keys, written straight into lines. */
function writeLines(value: unknown, indent: string, prefix: string, suffix: string, out: string[]): void {
  const entries = Array.isArray(value)
    ? value.map((item) => ['', item] as const)
    : isObject(value)
      ? Object.keys(value)
          .filter((key) => value[key] !== undefined)
          .sort()
          .map((key) => [`${JSON.stringify(key)}: `, value[key]] as const)
      : null;
  if (!entries) {
    out.push(`${indent}${prefix}${JSON.stringify(value ?? null)}${suffix}`);
    return;
  }
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  if (entries.length === 0) {
    out.push(`${indent}${prefix}${open}${close}${suffix}`);
    return;
  }
  out.push(`${indent}${prefix}${open}`);
  entries.forEach(([key, item], i) => writeLines(item, `${indent}  `, key, i < entries.length - 1 ? ',' : '', out));
  out.push(`${indent}${close}${suffix}`);
}

export function textDiff(left: SystemFile | null, right: SystemFile | null, options: TextDiffOptions = {}): TextDiff {
  const a = canonicalLines(left, options);
  const b = canonicalLines(right, options);
  return { left: a, right: b, hunks: linesToHunks(a, b, options.context ?? 3) };
}

export function linesToHunks(a: readonly string[], b: readonly string[], context = 3): Hunk[] {
  const edits = diffSequences(a, b);
  const hunks: Hunk[] = [];
  for (const [from, to] of changeGroups(edits, context)) {
    hunks.push(toHunk(edits.slice(from, to), a, b, edits, from));
  }
  return hunks;
}

/** Edit-index ranges [from, to) around changes, merged when their context would touch. */
function changeGroups(edits: readonly Edit[], context: number): Array<[number, number]> {
  const groups: Array<[number, number]> = [];
  for (let i = 0; i < edits.length; i++) {
    if (edits[i]!.op === 'equal') continue;
    const from = Math.max(0, i - context);
    let last = i;
    while (last + 1 < edits.length && edits[last + 1]!.op !== 'equal') last++;
    const to = Math.min(edits.length, last + 1 + context);
    const previous = groups[groups.length - 1];
    if (previous && from <= previous[1]) previous[1] = to;
    else groups.push([from, to]);
    i = last;
  }
  return groups;
}

function toHunk(slice: readonly Edit[], a: readonly string[], b: readonly string[], all: readonly Edit[], from: number): Hunk {
  const lines: UnifiedLine[] = slice.map((e) => {
    if (e.op === 'equal') return { op: ' ', text: a[e.left]!, left: e.left + 1, right: e.right + 1 };
    if (e.op === 'delete') return { op: '-', text: a[e.left]!, left: e.left + 1 };
    return { op: '+', text: b[e.right]!, right: e.right + 1 };
  });
  const before = all.slice(0, from);
  const leftBefore = before.filter((e) => e.op !== 'insert').length;
  const rightBefore = before.filter((e) => e.op !== 'delete').length;
  const leftCount = slice.filter((e) => e.op !== 'insert').length;
  const rightCount = slice.filter((e) => e.op !== 'delete').length;
  const leftStart = leftCount ? leftBefore + 1 : leftBefore;
  const rightStart = rightCount ? rightBefore + 1 : rightBefore;
  const header = `@@ -${leftStart},${leftCount} +${rightStart},${rightCount} @@`;
  return { leftStart, leftCount, rightStart, rightCount, header, lines };
}

/** Unified rows: each hunk's header as a row of its own, then its lines. */
export function unifiedRows(hunks: readonly Hunk[]): Array<{ header: string } | UnifiedLine> {
  return hunks.flatMap((hunk) => [{ header: hunk.header }, ...hunk.lines]);
}

/** Side-by-side rows of one hunk: removed and added lines of a change pair up row by row. */
export function sideBySideRows(hunk: Hunk): SideBySideRow[] {
  const rows: SideBySideRow[] = [];
  const { lines } = hunk;
  for (let i = 0; i < lines.length; ) {
    const line = lines[i]!;
    if (line.op === ' ') {
      rows.push({ type: 'equal', left: { line: line.left!, text: line.text }, right: { line: line.right!, text: line.text } });
      i++;
      continue;
    }
    const removed: UnifiedLine[] = [];
    const added: UnifiedLine[] = [];
    for (; i < lines.length && lines[i]!.op !== ' '; i++) (lines[i]!.op === '-' ? removed : added).push(lines[i]!);
    for (let k = 0; k < Math.max(removed.length, added.length); k++) rows.push(pairRow(removed[k], added[k]));
  }
  return rows;
}

function pairRow(removed: UnifiedLine | undefined, added: UnifiedLine | undefined): SideBySideRow {
  const left = removed && { line: removed.left!, text: removed.text };
  const right = added && { line: added.right!, text: added.text };
  const type = left && right ? 'changed' : left ? 'removed' : 'added';
  return { type, ...(left && { left }), ...(right && { right }) };
}

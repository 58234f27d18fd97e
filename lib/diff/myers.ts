/**
 * Myers' O(ND) shortest edit script (Myers 1986, "An O(ND) Difference Algorithm"), for the text view of
 * canonical JSON. Common prefix and suffix are trimmed first (most diffs of a 300-line transformation
 * touch a few lines), and only the 2d+1 live diagonals of each step are kept for the backtrack, so
 * memory is O(D²) rather than O(D·(N+M)).
 */

export type EditOp = 'equal' | 'delete' | 'insert';

/** `left`/`right` are 0-based line indices; -1 on the side an edit does not touch. */
export interface Edit {
  op: EditOp;
  left: number;
  right: number;
}

/** Past this many differences the two texts are unrelated; a plain replace is as readable and O(N). */
const MAX_D = 4000;

export function diffSequences(a: readonly string[], b: readonly string[]): Edit[] {
  const ids = new Map<string, number>();
  const id = (line: string) => ids.get(line) ?? (ids.set(line, ids.size), ids.size - 1);
  const x = Int32Array.from(a, id);
  const y = Int32Array.from(b, id);
  let start = 0;
  while (start < x.length && start < y.length && x[start] === y[start]) start++;
  let endX = x.length;
  let endY = y.length;
  while (endX > start && endY > start && x[endX - 1] === y[endY - 1]) endX--, endY--;
  const middle = middleEdits(x.subarray(start, endX), y.subarray(start, endY));
  const edits: Edit[] = [];
  for (let i = 0; i < start; i++) edits.push({ op: 'equal', left: i, right: i });
  for (const e of middle) {
    edits.push({ op: e.op, left: e.left < 0 ? -1 : e.left + start, right: e.right < 0 ? -1 : e.right + start });
  }
  for (let i = endX, j = endY; i < x.length; i++, j++) edits.push({ op: 'equal', left: i, right: j });
  return deletesFirst(edits);
}

function middleEdits(x: Int32Array, y: Int32Array): Edit[] {
  const n = x.length;
  const m = y.length;
  const max = Math.min(n + m, MAX_D);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    for (let k = -d; k <= d; k += 2) {
      let px = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let py = px - k;
      while (px < n && py < m && x[px] === y[py]) px++, py++;
      v[offset + k] = px;
      if (px >= n && py >= m) return backtrack(trace, d, n, m);
    }
    trace.push(v.slice(offset - d, offset + d + 1));
  }
  return replaceAll(n, m);
}

/** trace[d] holds diagonals -d..d after step d; walking back from (n, m) rebuilds the path. */
function backtrack(trace: Int32Array[], depth: number, n: number, m: number): Edit[] {
  const reversed: Edit[] = [];
  let px = n;
  let py = m;
  for (let d = depth; d > 0; d--) {
    const prev = trace[d - 1]!;
    const at = (k: number) => prev[k + d - 1]!;
    const k = px - py;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (px > prevX && py > prevY + (down ? 1 : 0)) reversed.push({ op: 'equal', left: --px, right: --py });
    if (down) reversed.push({ op: 'insert', left: -1, right: --py });
    else reversed.push({ op: 'delete', left: --px, right: -1 });
  }
  while (px > 0) reversed.push({ op: 'equal', left: --px, right: --py });
  return reversed.reverse();
}

function replaceAll(n: number, m: number): Edit[] {
  const edits: Edit[] = [];
  for (let i = 0; i < n; i++) edits.push({ op: 'delete', left: i, right: -1 });
  for (let j = 0; j < m; j++) edits.push({ op: 'insert', left: -1, right: j });
  return edits;
}

/** Within each run of changes, deletions before insertions: reads naturally and pairs up side by side. */
function deletesFirst(edits: Edit[]): Edit[] {
  const out: Edit[] = [];
  for (let i = 0; i < edits.length; ) {
    if (edits[i]!.op === 'equal') {
      out.push(edits[i++]!);
      continue;
    }
    let end = i;
    while (end < edits.length && edits[end]!.op !== 'equal') end++;
    const run = edits.slice(i, end);
    out.push(...run.filter((e) => e.op === 'delete'), ...run.filter((e) => e.op === 'insert'));
    i = end;
  }
  return out;
}

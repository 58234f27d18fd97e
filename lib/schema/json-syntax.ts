/**
 * Locates the first JSON syntax error. Only used after `JSON.parse` has failed: engines word their
 * errors differently and V8 in Node 20 often omits the position, but a user editing a 100-line system
 * file needs a line and column.
 */

export interface SyntaxErrorLocation {
  offset: number;
  line: number;
  column: number;
  expected: string;
}

class SyntaxAt extends Error {
  constructor(
    readonly offset: number,
    readonly expected: string,
  ) {
    super(expected);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = '"\\/bfnrt';
const HEX4 = /^[0-9a-fA-F]{4}$/;

/** Returns undefined if no error is found (or the input nests too deeply to scan). */
export function locateSyntaxError(text: string): SyntaxErrorLocation | undefined {
  try {
    const end = skipWs(text, scanValue(text, skipWs(text, 0)));
    if (end < text.length) throw new SyntaxAt(end, 'end of input');
    return undefined;
  } catch (error) {
    if (!(error instanceof SyntaxAt)) return undefined; // RangeError from extreme nesting
    return { offset: error.offset, ...lineColumn(text, error.offset), expected: error.expected };
  }
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lastBreak = before.lastIndexOf('\n');
  return { line: before.split('\n').length, column: offset - lastBreak };
}

function skipWs(t: string, i: number): number {
  while (t[i] === ' ' || t[i] === '\n' || t[i] === '\r' || t[i] === '\t') i++;
  return i;
}

function scanValue(t: string, i: number): number {
  const c = t[i];
  if (c === '{') return scanObject(t, i);
  if (c === '[') return scanArray(t, i);
  if (c === '"') return scanString(t, i);
  for (const word of ['true', 'false', 'null']) if (t.startsWith(word, i)) return i + word.length;
  NUMBER.lastIndex = i;
  if (NUMBER.test(t)) return NUMBER.lastIndex;
  throw new SyntaxAt(i, 'a value');
}

function scanObject(t: string, i: number): number {
  i = skipWs(t, i + 1);
  if (t[i] === '}') return i + 1;
  for (;;) {
    if (t[i] !== '"') throw new SyntaxAt(i, 'a double-quoted property name');
    i = skipWs(t, scanString(t, i));
    if (t[i] !== ':') throw new SyntaxAt(i, "':'");
    i = skipWs(t, scanValue(t, skipWs(t, i + 1)));
    if (t[i] === '}') return i + 1;
    if (t[i] !== ',') throw new SyntaxAt(i, "',' or '}'");
    i = skipWs(t, i + 1);
  }
}

function scanArray(t: string, i: number): number {
  i = skipWs(t, i + 1);
  if (t[i] === ']') return i + 1;
  for (;;) {
    i = skipWs(t, scanValue(t, i));
    if (t[i] === ']') return i + 1;
    if (t[i] !== ',') throw new SyntaxAt(i, "',' or ']'");
    i = skipWs(t, i + 1);
  }
}

function scanString(t: string, i: number): number {
  for (i++; i < t.length; i++) {
    const code = t.charCodeAt(i);
    if (code === 0x22) return i + 1;
    if (code < 0x20) throw new SyntaxAt(i, 'no raw control character in a string (use an escape)');
    if (code !== 0x5c) continue;
    const next = t[i + 1] ?? '';
    if (next === 'u' && HEX4.test(t.slice(i + 2, i + 6))) i += 5;
    else if (next !== '' && next !== 'u' && ESCAPES.includes(next)) i += 1;
    else throw new SyntaxAt(i, 'a valid escape sequence');
  }
  throw new SyntaxAt(t.length, "closing '\"'");
}

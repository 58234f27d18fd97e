import { describe, expect, it } from 'vitest';
import { locateSyntaxError } from '@/lib/schema/json-syntax.ts';
import { FIXTURES } from './real-fixtures.ts';

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('locateSyntaxError agrees with JSON.parse', () => {
  it.each([
    '0', '-0.5e+10', '"\\u00e9\\n"', '[]', '{}', ' [1, [2, {"a": null}]] ', 'true', '"\\ud83d\\ude00"',
    FIXTURES[0]!.text,
  ])('finds nothing in valid %j', (text) => {
    expect(parses(text)).toBe(true);
    expect(locateSyntaxError(text)).toBeUndefined();
  });

  it.each([
    ['01', 1, 2], ['1.', 1, 2], ['-', 1, 1], ['.5', 1, 1], ['[1,]', 1, 4], ['{"a":1,}', 1, 8], ['[', 1, 2],
    ['"abc', 1, 5], ['"\\u12"', 1, 2], ['nul', 1, 1], ['{"a":1}\n\n x', 3, 2], ['\t[\r\n1 2]', 2, 3],
  ])('locates %j at line %i, column %i', (text, line, column) => {
    expect(parses(text)).toBe(false);
    expect(locateSyntaxError(text)).toMatchObject({ line, column });
  });

  // Deleting or replacing one character anywhere in a real export: the scanner must flag exactly the
  // texts JSON.parse rejects, so the reported position is never missing or invented.
  it('on every single-character corruption of a real export', () => {
    const text = JSON.stringify(JSON.parse(FIXTURES[0]!.text), null, 1);
    for (let i = 0; i < text.length; i++) {
      for (const corrupt of [text.slice(0, i) + text.slice(i + 1), text.slice(0, i) + '}' + text.slice(i + 1)]) {
        expect(locateSyntaxError(corrupt) === undefined, `at ${i}`).toBe(parses(corrupt));
      }
    }
  });
});

/** The real console exports and SAP templates in tests/fixtures/real-exports, plus shape variants. */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// A path, not a URL: under happy-dom the global URL is happy-dom's, which node:fs does not accept.
const DIR = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/real-exports');

export interface Fixture {
  file: string;
  text: string;
  /** SAP's minimal import templates: not written by the console, so not byte-identical on re-serialise. */
  template: boolean;
}

export const FIXTURES: Fixture[] = readdirSync(DIR)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => ({
    file,
    text: readFileSync(join(DIR, file), 'utf8'),
    template: file.startsWith('ips_system_template_'),
  }));

export const REAL_EXPORTS = FIXTURES.filter((f) => !f.template);
export const TEMPLATES = FIXTURES.filter((f) => f.template);

export function fixtureText(file: string): string {
  const found = FIXTURES.find((f) => f.file === file);
  if (!found) throw new Error(`no fixture ${file}`);
  return found.text;
}

/**
 * Reorders keys at every depth (reversed, then rotated by depth) so no object keeps its original
 * order; array order is kept because it is meaningful. Object.fromEntries keeps `__proto__` as data.
 */
export function shuffleKeys(value: unknown, depth = 0): unknown {
  if (Array.isArray(value)) return value.map((item) => shuffleKeys(item, depth + 1));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).reverse();
  const shift = entries.length ? depth % entries.length : 0;
  const rotated = [...entries.slice(shift), ...entries.slice(0, shift)];
  return Object.fromEntries(rotated.map(([k, v]) => [k, shuffleKeys(v, depth + 1)]));
}

/** Every other way the same system can arrive as a file. */
export function variants(text: string): Array<{ name: string; input: string | Uint8Array }> {
  const value: unknown = JSON.parse(text);
  const bytes = (s: string) => new TextEncoder().encode(s);
  return [
    { name: 'minified', input: JSON.stringify(value) },
    { name: 'keys shuffled', input: JSON.stringify(shuffleKeys(value), null, 2) },
    { name: 'minified + shuffled', input: JSON.stringify(shuffleKeys(value)) },
    { name: 'BOM string', input: '\uFEFF' + text },
    { name: 'BOM bytes', input: Uint8Array.from([0xef, 0xbb, 0xbf, ...bytes(text)]) },
    { name: 'CRLF + trailing newline', input: text.replace(/\n/g, '\r\n') + '\r\n' },
    { name: 'tab indent bytes', input: bytes(JSON.stringify(value, null, '\t')) },
  ];
}

import { readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { ROOT } from './harness.ts';

export const REAL_EXPORTS_DIR = join(ROOT, 'tests/fixtures/real-exports');

export interface Fixture {
  file: string;
  bytes: Buffer;
  record: Record<string, unknown> & { name: string; accessMode: string };
}

export function realExports(): Fixture[] {
  return readdirSync(REAL_EXPORTS_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((file) => {
      const bytes = readFileSync(join(REAL_EXPORTS_DIR, file));
      return { file, bytes, record: JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, '')) };
    });
}

/** One made-up secret per credential of the seed, as `/__sim/reset` takes them. */
export function seedSecrets(fixtures: Fixture[]): Record<string, Record<string, string>> {
  const secrets: Record<string, Record<string, string>> = {};
  for (const f of fixtures) {
    const names = Object.keys((f.record.encryptedProperties as Record<string, null> | undefined) ?? {});
    if (names.length) secrets[f.record.name] = Object.fromEntries(names.map((n, i) => [n, `S3cr3t-${i}-${createHash('sha1').update(f.file).digest('hex').slice(0, 12)}`]));
  }
  return secrets;
}

export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * An independent RFC 8785 canonical form for the tests (keys sorted by UTF-16 code units), so that the
 * hashes the extension writes are checked against something it did not compute itself.
 */
export function jcs(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(jcs).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${jcs((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

const VOLATILE = ['id', 'tenantId', 'fromImport', 'transformationChanged', 'readTransformationChanged', 'writeTransformationChanged'];

export function expectedContentHash(record: Record<string, unknown>): string {
  const copy = Object.fromEntries(Object.entries(record).filter(([k]) => !VOLATILE.includes(k)));
  return sha256(jcs(copy));
}

import { describe, expect, it } from 'vitest';
import type { BundleManifest } from '@/lib/model/bundle.ts';
import { validateManifest } from '@/lib/schema/validate.ts';

const HASH = 'a'.repeat(64);

const MANIFEST: BundleManifest = {
  format: 'ips-snapshots-bundle',
  formatVersion: 1,
  origin: 'https://teched2025-00.accounts.ondemand.com',
  tenantId: 'teched2025-00',
  createdAt: '2025-11-03T14:05:09.123Z',
  extensionVersion: '0.1.0',
  kinds: ['source', 'target', 'proxy'],
  systems: [
    { status: 'ok', path: 'source/S4A.json', id: 'f2ec7440-5212-458d-b9ca-a4992e6c3e48', name: 'S4A', kind: 'source',
      connectorTypeString: 'AS_ABAP', fileSha256: HASH, contentHash: 'b'.repeat(64) },
    { status: 'ok', path: 'proxy/P.json', id: null, name: 'P', kind: 'proxy', connectorTypeString: 'SAP_CLOUD_IDENTITY',
      fileSha256: HASH, contentHash: HASH, csvPath: 'proxy/P.csv' },
    { status: 'failed', id: '00000000-0000-4000-8000-000000000001', name: 'Broken', kind: 'target', reason: 'HTTP 500' },
  ],
  warnings: ['Credential value dropped for "Broken"'],
};

type Json = Record<string, any>;

function edited(edit: (m: Json) => void): Json {
  const copy = structuredClone(MANIFEST) as Json;
  edit(copy);
  return copy;
}

describe('validateManifest', () => {
  it.each([
    ['a full manifest', MANIFEST],
    ['no tenant, no systems', edited((m) => Object.assign(m, { tenantId: null, systems: [], kinds: [] }))],
    ['a timestamp with offset and no fraction', edited((m) => (m.createdAt = '2025-11-03T15:05:09+01:00'))],
  ])('accepts %s', (_name, value) => {
    expect(validateManifest(value)).toEqual({ ok: true, manifest: value });
  });

  const rejected: Array<[string, unknown, string, string?]> = [
    ['not an object', 'manifest', '', 'must be object'],
    ['another format', edited((m) => (m.format = 'zip')), '/format', 'must be "ips-snapshots-bundle"'],
    ['a newer format version', edited((m) => (m.formatVersion = 2)), '/formatVersion', 'must be 1'],
    ['an unknown top-level key', edited((m) => (m.extra = 1)), '/extra', 'is not allowed here'],
    ['origin missing', edited((m) => delete m.origin), '/origin', 'is required'],
    ['tenantId a number', edited((m) => (m.tenantId = 1)), '/tenantId', 'must be string or null'],
    ['createdAt not ISO', edited((m) => (m.createdAt = '03.11.2025 14:05')), '/createdAt'],
    ['an unknown kind', edited((m) => (m.kinds = ['source', 'system'])), '/kinds/1', 'must be one of source, target, proxy'],
    ['a repeated kind', edited((m) => (m.kinds = ['source', 'source'])), '/kinds'],
    ['an unknown entry status', edited((m) => (m.systems[0].status = 'skipped')), '/systems/0/status', 'unknown value "skipped"'],
    ['an entry without status', edited((m) => delete m.systems[0].status), '/systems/0/status'],
    ['an upper-case hash', edited((m) => (m.systems[0].fileSha256 = 'A'.repeat(64))), '/systems/0/fileSha256'],
    ['a short hash', edited((m) => (m.systems[1].contentHash = 'abc')), '/systems/1/contentHash'],
    ['an ok entry without contentHash', edited((m) => delete m.systems[0].contentHash), '/systems/0/contentHash', 'is required'],
    ['an ok entry without an id key', edited((m) => delete m.systems[1].id), '/systems/1/id', 'is required'],
    ['a failed entry with a path', edited((m) => (m.systems[2].path = 'target/x.json')), '/systems/2/path', 'is not allowed here'],
    ['a failed entry without reason', edited((m) => delete m.systems[2].reason), '/systems/2/reason', 'is required'],
    ['a warning that is not a string', edited((m) => m.warnings.push({})), '/warnings/1', 'must be string'],
  ];
  const rows = rejected.map(([name, value, path, message]) => ({ name, value, path, message }));
  it.each(rows)('rejects $name → $path', ({ value, path, message }) => {
    const result = validateManifest(value);
    expect(result.ok).toBe(false);
    const issues = result.ok ? [] : result.issues;
    expect(issues.map((i) => i.path)).toContain(path);
    if (message) expect(issues.find((i) => i.path === path)?.message).toBe(message);
  });
});

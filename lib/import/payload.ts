/**
 * Write bodies built from an imported file. Key order is kept (the console stores keys as received, and
 * a later native export should look like the file); credential values are always `null` here — the apply
 * step puts the typed secrets in at the last moment, and a value leaked into a file is never sent.
 */
import { VOLATILE_FIELDS, type SystemFile } from '../model/system.ts';

const VOLATILE = new Set<string>(VOLATILE_FIELDS);

/** POST body: without the fields the server assigns (id, tenantId, fromImport, *Changed flags). */
export function createBody(record: SystemFile, name: string = record.name): SystemFile {
  const entries = Object.entries(record)
    .filter(([key]) => !VOLATILE.has(key))
    .map(([key, value]) => [key, rewrite(key, value, { name })]);
  return Object.fromEntries(entries) as SystemFile;
}

/**
 * PUT body: the file's fields with the live id; the server-owned `tenantId` and `fromImport` keep their
 * live values (where the file has those keys). `relatedSystems` is sent as is: the console drops unknown
 * names and says so.
 */
export function updateBody(record: SystemFile, live: { id: string; tenantId?: string | null; fromImport?: boolean | null }): SystemFile {
  const owned = new Map<string, unknown>([['id', live.id], ['tenantId', live.tenantId], ['fromImport', live.fromImport]]);
  const entries = Object.entries(record)
    .filter(([key]) => !owned.has(key) || owned.get(key) !== undefined)
    .map(([key, value]) => [key, owned.has(key) ? owned.get(key) : rewrite(key, value, {})]);
  const body = Object.fromEntries(entries) as SystemFile;
  return 'id' in body ? body : ({ id: live.id, ...body } as SystemFile);
}

function rewrite(key: string, value: unknown, changes: { name?: string }): unknown {
  if (key === 'name' && changes.name !== undefined) return changes.name;
  if (key === 'encryptedProperties') return nullValues(value);
  return value;
}

function nullValues(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.keys(value).map((key) => [key, null]));
}

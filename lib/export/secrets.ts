import { KNOWN_CREDENTIAL_PROPERTIES, type SystemFile } from '@/lib/model/system';

const KNOWN = new Set<string>(KNOWN_CREDENTIAL_PROPERTIES.map((n) => n.toLowerCase()));

export interface ScrubResult {
  record: SystemFile;
  /** Names of the credentials whose values were dropped (names only, never values). */
  dropped: string[];
}

/**
 * Drops every credential value the console returned. The export contract is "credential names with
 * `null`"; a value is a console bug and must never reach a file, a store or a message. A documented
 * credential name with a value under `properties` is treated the same way: moved to
 * `encryptedProperties` with `null`. Key order is kept so the re-serialised file stays native.
 */
export function scrubSecrets(record: SystemFile): ScrubResult {
  const dropped: string[] = [];
  const encrypted: Record<string, string | null> | undefined = isPlainObject(record.encryptedProperties) ? { ...record.encryptedProperties } : undefined;
  if (encrypted) {
    for (const [name, value] of Object.entries(encrypted)) {
      if (value !== null) {
        encrypted[name] = null;
        dropped.push(name);
      }
    }
  }
  let properties = record.properties;
  if (isPlainObject(properties)) {
    const leaked = Object.keys(properties).filter((n) => KNOWN.has(n.toLowerCase()) && hasValue(properties![n]));
    if (leaked.length) {
      properties = Object.fromEntries(Object.entries(properties).filter(([n]) => !leaked.includes(n)));
      dropped.push(...leaked);
    }
    if (leaked.length && !encrypted) {
      return { record: withKeys(record, { properties, encryptedProperties: Object.fromEntries(leaked.map((n) => [n, null])) }), dropped };
    }
    if (encrypted) for (const n of leaked) encrypted[n] = null;
  }
  if (!dropped.length) return { record, dropped };
  return { record: withKeys(record, { properties, encryptedProperties: encrypted }), dropped };
}

/** Replaces keys in place (same position), appending any that were absent. */
function withKeys(record: SystemFile, patch: Partial<SystemFile>): SystemFile {
  const entries: Array<[string, unknown]> = Object.entries(record).map(([k, v]) => [k, Object.hasOwn(patch, k) ? patch[k] : v]);
  for (const [k, v] of Object.entries(patch)) if (!Object.hasOwn(record, k) && v !== undefined) entries.push([k, v]);
  // fromEntries defines own properties, so a `__proto__` key from JSON.parse stays a plain key.
  return Object.fromEntries(entries) as SystemFile;
}

function hasValue(v: unknown): boolean {
  return typeof v === 'string' ? v.length > 0 : v != null;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

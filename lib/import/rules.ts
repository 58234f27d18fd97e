/**
 * The console's documented rules an import must respect before it writes anything (ips-domain.md §6.5,
 * console-contract.md §3): name rules, customer-managed limits, URL change → credentials again,
 * transformation change → change description.
 */
import { canonicalize } from '../canonical/jcs.ts';
import type { SystemFile, SystemKind } from '../model/system.ts';

export const MAX_NAME_LENGTH = 100;
const NAME = /^[A-Za-z0-9 ._-]+$/;
const ILLEGAL = /[^A-Za-z0-9 ._-]/g;

/** Documented for sources and targets; no limit is stated for proxies. */
export const CUSTOMER_MANAGED_LIMITS: Record<SystemKind, number | null> = { source: 20, target: 50, proxy: null };

/** Properties whose change makes the console ask for every credential again (contract §3). */
export const URL_PROPERTIES = ['URL'] as const;

export const TRANSFORMATION_KEYS = ['transformation', 'readTransformation', 'writeTransformation'] as const;

/** Why `name` breaks the console's name rules, or `null` when it is fine. */
export function nameProblem(name: string): string | null {
  if (name.length === 0) return 'the name is empty';
  if (name.length > MAX_NAME_LENGTH) return `the name has ${name.length} characters; at most ${MAX_NAME_LENGTH} are allowed`;
  if (!NAME.test(name)) {
    const bad = [...new Set(name.match(ILLEGAL) ?? [])].map((c) => JSON.stringify(c)).join(' ');
    return `the name contains characters the console does not allow (${bad}); allowed are a-z A-Z 0-9 - _ . and space`;
  }
  return null;
}

/** A record without `systemManagementType` counts as customer-managed (what the console creates). */
export function isCustomerManaged(systemManagementType: string | null | undefined): boolean {
  return systemManagementType == null || systemManagementType === 'CUSTOMER_MANAGED';
}

/** Credential names of a record: the keys of `encryptedProperties` (their values are never used). */
export function credentialNames(record: SystemFile): string[] {
  const encrypted = record.encryptedProperties;
  return encrypted && typeof encrypted === 'object' ? Object.keys(encrypted) : [];
}

/** True when a URL property differs between the incoming file and the live system. */
export function urlChanged(incoming: SystemFile, live: SystemFile): boolean {
  return URL_PROPERTIES.some((key) => !same(incoming.properties?.[key], live.properties?.[key]));
}

/** True when any transformation differs canonically (key order and whitespace don't count). */
export function transformationChanged(incoming: SystemFile, live: SystemFile): boolean {
  return TRANSFORMATION_KEYS.some((key) => !same(incoming[key], live[key]));
}

/** `null` and absent are the same (the model treats a Java null as absent). */
function same(a: unknown, b: unknown): boolean {
  const form = (v: unknown) => (v == null ? '' : canonicalize(v));
  return form(a) === form(b);
}

/**
 * A free name for "create as renamed copy": `<name> copy`, `<name> copy 2`, … within 100 characters,
 * compared case-insensitively. Parentheses are not allowed in system names, hence no "(copy)"; illegal
 * characters of the original are replaced with `_` so the suggestion always passes the name rules.
 */
export function suggestCopyName(name: string, existingNames: Iterable<string>): string {
  const taken = new Set([...existingNames].map((n) => n.toLowerCase()));
  const base = name.replace(ILLEGAL, '_').trim() || 'system';
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? ' copy' : ` copy ${n}`;
    const candidate = `${base.slice(0, MAX_NAME_LENGTH - suffix.length).trimEnd()}${suffix}`;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}

/** `Imported with IPS Snapshots from <file> on <date>`, the prefilled change description. */
export function defaultChangeDescription(source: string, date: string, verb: 'Imported' | 'Restored' = 'Imported'): string {
  return `${verb} with IPS Snapshots from ${source} on ${date}`;
}

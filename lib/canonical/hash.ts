/**
 * Hashes of system records (console-contract.md §6). WebCrypto is available everywhere the extension
 * runs (MV3 service worker, content script, pages) and in Node 20 and Vitest, so no fallback is needed.
 */
import { VOLATILE_FIELDS, type VolatileField } from '../model/system.ts';
import { canonicalize } from './jcs.ts';

/** The record type without volatile fields; known keys and the index signature survive. */
export type WithoutVolatile<T> = { [K in keyof T as K extends VolatileField ? never : K]: T[K] };

const VOLATILE = new Set<string>(VOLATILE_FIELDS);

export async function sha256Hex(data: string | Uint8Array): Promise<string> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A copy without the volatile fields; `Object.fromEntries` keeps a `__proto__` key as data. */
export function stripVolatile<T extends object>(record: T): WithoutVolatile<T> {
  return Object.fromEntries(Object.entries(record).filter(([key]) => !VOLATILE.has(key))) as WithoutVolatile<T>;
}

/** "Did this system change?": equal for two exports of the same unchanged system from any tenant. */
export function contentHash(record: object): Promise<string> {
  return sha256Hex(canonicalize(stripVolatile(record)));
}

/** Identity of the full record (volatile fields included): the snapshot store's content address. */
export function fullHash(record: object): Promise<string> {
  return sha256Hex(canonicalize(record));
}

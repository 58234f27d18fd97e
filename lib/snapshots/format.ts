import { canonicalize } from '@/lib/canonical/jcs';
import { sha256Hex } from '@/lib/canonical/hash';
import type { SystemKind } from '@/lib/model/system';
import { isPartialTrigger, type SnapshotSystem, type SnapshotTrigger } from '@/lib/messaging/protocol';

/**
 * Payload format 2 of the snapshot store, pure (no IndexedDB): entries, delta manifests and the seal.
 * A manifest is either a keyframe (the full entry list) or a delta against an older snapshot of the same
 * tenant and scope (entries upserted and keys removed). Chains are bounded by MAX_DEPTH, so a read never
 * walks more than MAX_DEPTH manifests.
 */
export const MANIFEST_FORMAT = 2;
/**
 * A keyframe of 200 systems is ~65 kB, a one-system delta ~1 kB: one keyframe per 64 snapshots costs
 * about as much again as the deltas, and a read walks at most 64 small manifests.
 */
export const MAX_DEPTH = 64;

/** One system of a snapshot. An ok entry names its full record by hash; a failed one says why. */
export type Entry =
  | { kind: SystemKind; id: string; name: string; type: string; contentHash: string; record: string }
  | { kind: SystemKind; id: string; name: string; status: 'failed'; reason: string };

export type OkEntry = Extract<Entry, { record: string }>;

/** What a snapshot is, independent of how it is stored; sealed so that tampering is detectable. */
export interface SnapshotHeader {
  origin: string;
  tenantId: string | null;
  createdAt: string;
  trigger: SnapshotTrigger;
  extensionVersion: string;
  kinds: SystemKind[];
}

export interface Delta {
  upserts: Entry[];
  removes: string[];
}

export type Body = { base: null; entries: Entry[] } | ({ base: number } & Delta);

export const isOk = (e: Entry): e is OkEntry => 'record' in e;

/** Identity of a system within one tenant (console-contract §6): kind and id, the name when there is no id. */
export function entryKey(e: Pick<Entry, 'kind' | 'id' | 'name'>): string {
  return e.id ? `${e.kind}\n${e.id}` : `${e.kind}\n#${e.name}`;
}

export function sortEntries(entries: Entry[]): Entry[] {
  return [...entries].sort((a, b) => (entryKey(a) < entryKey(b) ? -1 : entryKey(a) > entryKey(b) ? 1 : 0));
}

/** Snapshots are deltas only against snapshots of the same scope: same kinds, full list or pre-image. */
export function scopeOf(kinds: readonly SystemKind[], trigger: SnapshotTrigger): string {
  return `${[...kinds].sort().join(',')}|${isPartialTrigger(trigger) ? 'partial' : 'full'}`;
}

/** SHA-256 of the header and the materialised, sorted entry list: the manifest's own integrity. */
export function sealOf(header: SnapshotHeader, entries: Entry[]): Promise<string> {
  const { origin, tenantId, createdAt, trigger, extensionVersion, kinds } = header;
  return sha256Hex(canonicalize({ format: MANIFEST_FORMAT, origin, tenantId, createdAt, trigger, extensionVersion, kinds, entries: sortEntries(entries) }));
}

/** The entry list a delta produces from its base's list. */
export function applyDelta(base: Entry[], delta: Delta): Entry[] {
  const byKey = new Map(base.map((e) => [entryKey(e), e]));
  for (const k of delta.removes) byKey.delete(k);
  for (const e of delta.upserts) byKey.set(entryKey(e), e);
  return sortEntries([...byKey.values()]);
}

/** `first` then `second` as one delta: applyDelta(applyDelta(L, first), second) = applyDelta(L, compose(first, second)). */
export function composeDeltas(first: Delta, second: Delta): Delta {
  const replaced = new Set([...second.upserts.map(entryKey), ...second.removes]);
  const upserted = new Set(second.upserts.map(entryKey));
  const removes = new Set([...first.removes.filter((k) => !upserted.has(k)), ...second.removes]);
  return { upserts: [...first.upserts.filter((e) => !replaced.has(entryKey(e))), ...second.upserts], removes: [...removes] };
}

export function diffEntries(base: Entry[], next: Entry[]): Delta {
  const before = new Map(base.map((e) => [entryKey(e), canonicalize(e)]));
  const keys = new Set(next.map(entryKey));
  return {
    upserts: next.filter((e) => before.get(entryKey(e)) !== canonicalize(e)),
    removes: [...before.keys()].filter((k) => !keys.has(k)),
  };
}

export const hasUniqueKeys = (entries: Entry[]) => new Set(entries.map(entryKey)).size === entries.length;

/** A delta only pays when it is at most half the list; chains stay at most MAX_DEPTH long. */
export function worthDelta(delta: Delta, listLength: number, depth: number): boolean {
  return depth <= MAX_DEPTH && delta.upserts.length + delta.removes.length <= Math.max(1, listLength / 2);
}

/** Keyframe or delta against `parent` (its materialised list and depth), whichever is smaller. */
export function planBody(entries: Entry[], parent: { id: number; depth: number; entries: Entry[] } | null): { body: Body; depth: number } {
  const sorted = sortEntries(entries);
  if (parent && hasUniqueKeys(sorted) && hasUniqueKeys(parent.entries)) {
    const delta = diffEntries(parent.entries, sorted);
    if (worthDelta(delta, sorted.length, parent.depth + 1)) return { body: { base: parent.id, ...delta }, depth: parent.depth + 1 };
  }
  return { body: { base: null, entries: sorted }, depth: 0 };
}

/** Record hashes a stored body mentions (indexed, multiEntry): exactly the records it keeps alive. */
export function refsOf(body: Body): string[] {
  const entries = body.base === null ? body.entries : body.upserts;
  return [...new Set(entries.filter(isOk).map((e) => e.record))];
}

export function toSnapshotSystem(e: Entry): SnapshotSystem {
  if (isOk(e)) return { status: 'ok', kind: e.kind, id: e.id, name: e.name, connectorTypeString: e.type, contentHash: e.contentHash, recordHash: e.record };
  return { status: 'failed', kind: e.kind, id: e.id, name: e.name, reason: e.reason };
}

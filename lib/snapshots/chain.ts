import type { IDBPTransaction } from 'idb';
import type { IpxDB, Manifest, StoredManifest } from './db.ts';
import { MANIFEST_FORMAT, MAX_DEPTH, applyDelta, composeDeltas, hasUniqueKeys, refsOf, sortEntries, type Body, type Entry } from './format.ts';
import type { WriteCounter } from './faults.ts';

/** The snapshots store of any transaction (readonly for reads, readwrite for deletions). */
export interface ManifestReader {
  get(id: number): Promise<StoredManifest | undefined>;
}
type RwTx = IDBPTransaction<IpxDB, ['records', 'snapshots'], 'readwrite'>;

export interface Materialised {
  manifest: Manifest;
  entries: Entry[];
  /** Why the list could not be rebuilt (a missing base, a cycle, an old format); empty when it was. */
  problems: string[];
}

export function isCurrent(m: StoredManifest | undefined): m is Manifest {
  return !!m && m.format === MANIFEST_FORMAT;
}

/** Walks back to the keyframe (IndexedDB reads only, so it may run inside any transaction). */
export async function materialise(store: ManifestReader, id: number): Promise<Materialised | undefined> {
  const first = await store.get(id);
  if (!isCurrent(first)) return undefined;
  const chain: Manifest[] = [first];
  const problems: string[] = [];
  const seen = new Set([id]);
  let m: Manifest = first;
  while (m.base !== null) {
    const base: StoredManifest | undefined = await store.get(m.base);
    if (!isCurrent(base)) {
      problems.push(`the snapshot it was stored against (#${m.base}) is missing`);
      break;
    }
    if (chain.length > MAX_DEPTH * 4 || seen.has(m.base)) {
      problems.push('its chain of stored changes is broken (loop or too long)');
      break;
    }
    seen.add(m.base);
    chain.push(base);
    m = base;
  }
  if (problems.length) return { manifest: first, entries: [], problems };
  const key = chain.pop() as Manifest & { base: null };
  let entries = sortEntries(key.entries);
  for (const d of chain.reverse() as Array<Manifest & { base: number }>) entries = applyDelta(entries, d);
  return { manifest: first, entries, problems };
}

/**
 * Deletes one manifest inside `tx` and keeps every other snapshot readable: its children are re-based
 * onto its base (deltas composed) or, when it was a keyframe, become keyframes themselves. Returns the
 * record hashes that may now be unreferenced (for collectGarbage in the same transaction).
 */
export async function deleteManifest(tx: RwTx, id: number, writes: WriteCounter): Promise<string[]> {
  const store = tx.objectStore('snapshots');
  const doomed = await store.get(id);
  if (!doomed) return [];
  const children = await store.index('byBase').getAll(id);
  for (const child of children) {
    if (!isCurrent(child) || child.base === null) continue;
    const next = await rebased(store, doomed, child);
    await writes.count(() => store.put(next));
  }
  await writes.count(() => store.delete(id));
  // Format-1 manifests are not in the byRef index, so their records are never offered for collection.
  return isCurrent(doomed) ? doomed.refs : [];
}

async function rebased(store: ManifestReader, parent: StoredManifest, child: Manifest & { base: number }): Promise<Manifest> {
  if (isCurrent(parent) && parent.base !== null) {
    const { upserts, removes } = composeDeltas(parent, child);
    return withBody(child, { base: parent.base, upserts, removes });
  }
  // The parent was a keyframe (or unreadable): the child keeps its own full list.
  const full = await materialise(store, child.id!);
  const entries = full && !full.problems.length && hasUniqueKeys(full.entries) ? full.entries : [];
  const lost = !full || full.problems.length > 0;
  const next = withBody(child, { base: null, entries }, 0);
  if (lost) next.damage = [...(child.damage ?? []), 'its list of systems was lost when the snapshot it was stored against was deleted'];
  return next;
}

/** The same snapshot (header, seal, labels) stored with another body. */
function withBody(m: Manifest, body: Body, depth = m.depth): Manifest {
  const { base: _base, entries: _entries, upserts: _upserts, removes: _removes, ...rest } = m as Manifest & Partial<{ entries: unknown; upserts: unknown; removes: unknown }>;
  return { ...rest, ...body, depth, refs: refsOf(body) };
}

/** Deletes each candidate record no remaining manifest mentions (the byRef index), in the same transaction. */
export async function collectGarbage(tx: RwTx, candidates: Iterable<string>, writes: WriteCounter): Promise<number> {
  const byRef = tx.objectStore('snapshots').index('byRef');
  const records = tx.objectStore('records');
  let collected = 0;
  for (const hash of new Set(candidates)) {
    if ((await byRef.count(hash)) > 0) continue;
    await writes.count(() => records.delete(hash));
    collected++;
  }
  return collected;
}

import type { IDBPTransaction } from 'idb';
import { fullHash } from '@/lib/canonical/hash';
import { db, type Db, type IpxDB, type Manifest, type StoredRecord } from './db.ts';
import { collectGarbage, deleteManifest, materialise } from './chain.ts';
import { WriteCounter } from './faults.ts';
import { MANIFEST_FORMAT, isOk, planBody, refsOf, scopeOf, sealOf, sortEntries, type Body, type Entry, type SnapshotHeader } from './format.ts';

type RwTx = IDBPTransaction<IpxDB, ['records', 'snapshots'], 'readwrite'>;

export interface NewSnapshot {
  header: SnapshotHeader;
  entries: Entry[];
  /** The full records of the ok entries, hashed by the caller (fullHash of the canonical form). */
  records: StoredRecord[];
  label?: string | null;
  note?: string | null;
  pinned?: boolean;
}

export interface SaveResult {
  id: number;
  /** Snapshots removed by retention and records collected, in the same transaction. */
  deleted: number[];
  collected: number;
}

interface Parent {
  id: number;
  depth: number;
  entries: Entry[];
}

/**
 * Stores a snapshot whole or not at all: new records, the manifest, retention and garbage collection
 * in one readwrite transaction. Everything that is not IndexedDB (hashing, verifying the parent) runs
 * before it. A stored record that no longer matches its hash is written again (healed), never reused.
 */
export async function saveSnapshot(snapshot: NewSnapshot, options: { retention: number }): Promise<SaveResult> {
  const database = await db();
  const entries = sortEntries(snapshot.entries);
  const scope = scopeOf(snapshot.header.kinds, snapshot.header.trigger);
  const seal = await sealOf(snapshot.header, entries);
  const parent = await findParent(database, snapshot.header.origin, scope);
  const records = [...new Map(snapshot.records.map((r) => [r.hash, r])).values()];
  const heal = await unusableRecords(database, records.map((r) => r.hash));
  const tx = database.transaction(['records', 'snapshots'], 'readwrite');
  const writes = new WriteCounter(tx);
  try {
    await putRecords(tx, records, heal, writes);
    const live = parent && (await tx.objectStore('snapshots').getKey(parent.id)) !== undefined ? parent : null;
    const manifest = manifestOf(snapshot, entries, { scope, seal, sizes: new Map(records.map((r) => [r.hash, r.size])) }, planBody(entries, live));
    const id = (await writes.count(() => tx.objectStore('snapshots').add(manifest))) as number;
    const { deleted, collected } = await retainInTx(tx, snapshot.header.origin, options.retention, writes, id);
    await tx.done;
    return { id, deleted, collected };
  } catch (e) {
    await abandon(tx);
    throw e;
  }
}

function manifestOf(snapshot: NewSnapshot, entries: Entry[], computed: { scope: string; seal: string; sizes: Map<string, number> }, plan: { body: Body; depth: number }): Manifest {
  const oks = entries.filter(isOk);
  return {
    format: MANIFEST_FORMAT,
    ...snapshot.header,
    scope: computed.scope,
    label: snapshot.label ?? null,
    note: snapshot.note ?? null,
    pinned: snapshot.pinned ?? false,
    counts: { ok: oks.length, failed: entries.length - oks.length },
    size: oks.reduce((sum, e) => sum + (computed.sizes.get(e.record) ?? 0), 0),
    seal: computed.seal,
    depth: plan.depth,
    refs: refsOf(plan.body),
    damage: null,
    ...plan.body,
  };
}

async function putRecords(tx: RwTx, records: StoredRecord[], heal: Set<string>, writes: WriteCounter): Promise<void> {
  const store = tx.objectStore('records');
  for (const r of records) {
    // Re-check inside the transaction: a concurrent collection may have removed a record seen before.
    if (heal.has(r.hash) || (await store.getKey(r.hash)) === undefined) await writes.count(() => store.put(r));
  }
}

/** The newest readable snapshot of the same tenant and scope whose list still matches its seal. */
async function findParent(database: Db, origin: string, scope: string): Promise<Parent | null> {
  const tx = database.transaction('snapshots', 'readonly');
  const range = IDBKeyRange.bound([origin, scope, ''], [origin, scope, '\uffff']);
  const cursor = await tx.objectStore('snapshots').index('byScope').openKeyCursor(range, 'prev');
  const found = cursor ? await materialise(tx.store, cursor.primaryKey) : undefined;
  await tx.done;
  if (!found || found.problems.length) return null;
  const { manifest, entries } = found;
  if ((await sealOf(manifest, entries)) !== manifest.seal) return null;
  return { id: manifest.id!, depth: manifest.depth, entries };
}

/** Hashes whose stored record is missing or no longer matches its hash. */
async function unusableRecords(database: Db, hashes: string[]): Promise<Set<string>> {
  const tx = database.transaction('records', 'readonly');
  const stored = await Promise.all(hashes.map((h) => tx.objectStore('records').get(h)));
  await tx.done;
  const verdicts = await Promise.all(stored.map(async (r, i) => !r || (await fullHash(r.record)) !== hashes[i]));
  return new Set(hashes.filter((_, i) => verdicts[i]));
}

/**
 * Keeps the newest `keep` snapshots of `origin` plus every pinned or labelled one (and the one just
 * saved); deletes the rest
 * (children re-based) and collects the records nobody refers to any more, all inside `tx`.
 */
export async function retainInTx(tx: RwTx, origin: string, keep: number, writes: WriteCounter, justSaved?: number): Promise<{ deleted: number[]; collected: number }> {
  const range = IDBKeyRange.bound([origin, ''], [origin, '\uffff']);
  const doomed: number[] = [];
  let seen = 0;
  for (let c = await tx.objectStore('snapshots').index('byOrigin').openCursor(range, 'prev'); c; c = await c.continue()) {
    seen++;
    const m = c.value;
    // The snapshot just saved stays even if the clock says it is older than the others.
    if (seen > Math.max(1, keep) && !m.pinned && !m.label && c.primaryKey !== justSaved) doomed.push(c.primaryKey);
  }
  return deleteInTx(tx, doomed, writes);
}

export async function deleteInTx(tx: RwTx, ids: number[], writes: WriteCounter): Promise<{ deleted: number[]; collected: number }> {
  const candidates: string[] = [];
  for (const id of ids) candidates.push(...(await deleteManifest(tx, id, writes)));
  return { deleted: ids, collected: await collectGarbage(tx, candidates, writes) };
}

/** Deletes snapshots on the admin's request: whole or not at all, the others kept readable. */
export async function deleteSnapshots(ids: number[]): Promise<{ deleted: number[]; collected: number }> {
  const tx = (await db()).transaction(['records', 'snapshots'], 'readwrite');
  const writes = new WriteCounter(tx);
  try {
    const present = (await Promise.all(ids.map((id) => tx.objectStore('snapshots').getKey(id)))).filter((k): k is number => k !== undefined);
    const result = await deleteInTx(tx, present, writes);
    await tx.done;
    return result;
  } catch (e) {
    await abandon(tx);
    throw e;
  }
}

/** Applies a (new) retention limit to every tenant, one transaction per tenant. */
export async function retainAll(keep: number): Promise<number[]> {
  const database = await db();
  const deleted: number[] = [];
  for (const origin of await tenantsOf(database)) {
    const tx = database.transaction(['records', 'snapshots'], 'readwrite');
    const result = await retainInTx(tx, origin, keep, new WriteCounter(tx)).catch(async (e: unknown) => {
      await abandon(tx);
      throw e;
    });
    await tx.done;
    deleted.push(...result.deleted);
  }
  return deleted;
}

async function tenantsOf(database: Db): Promise<string[]> {
  const origins = new Set<string>();
  for (let c = await database.transaction('snapshots').store.index('byOrigin').openKeyCursor(); c; c = await c.continue()) origins.add(c.key[0]);
  return [...origins];
}

async function abandon(tx: { abort(): void; done: Promise<void> }): Promise<void> {
  try {
    tx.abort();
  } catch {
    // Already finished or aborted.
  }
  await tx.done.catch(() => undefined);
}

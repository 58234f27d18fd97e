import { contentHash, fullHash } from '@/lib/canonical/hash';
import type { IDBPObjectStore } from 'idb';
import { db, type Db, type IpxDB, type Manifest, type StoredRecord } from './db.ts';
import { isCurrent, materialise } from './chain.ts';
import { StoreError } from './errors.ts';
import { entryKey, isOk, sealOf, type Entry, type OkEntry } from './format.ts';

export interface Verified {
  manifest: Manifest;
  entries: Entry[];
  /** Records that verified, by hash. */
  records: Map<string, StoredRecord>;
  /** Admin-facing sentences; empty when the snapshot is intact. */
  problems: string[];
  /** Records that failed, by hash: the entry's key and what is wrong. */
  bad: Bad;
}

type Bad = Map<string, { key: string; problem: string }>;

/**
 * Every read goes through here: the list is rebuilt from the chain and checked against the manifest's
 * seal, every record against its content address and the entry's content hash. What fails is reported
 * and remembered on the manifest (`damage`), so lists show it, and so are manifests naming a bad record.
 */
export async function verifySnapshot(id: number): Promise<Verified> {
  const database = await db();
  const tx = database.transaction(['records', 'snapshots'], 'readonly');
  const found = await materialise(tx.objectStore('snapshots'), id);
  if (!found) {
    await tx.done;
    throw new StoreError(`Snapshot #${id} does not exist (it may have been deleted).`, 'NOT_FOUND');
  }
  const oks = found.entries.filter(isOk);
  const stored = await Promise.all(oks.map((e) => tx.objectStore('records').get(e.record)));
  await tx.done;
  const problems = found.problems.map((p) => `The list of systems cannot be rebuilt: ${p}.`);
  if (!problems.length && (await sealOf(found.manifest, found.entries)) !== found.manifest.seal) {
    problems.push('The list of systems no longer matches its seal: the stored snapshot was changed after it was written.');
  }
  const verdicts = await Promise.all(oks.map((e, i) => recordProblem(e, stored[i])));
  const records = new Map<string, StoredRecord>();
  const bad: Bad = new Map();
  oks.forEach((e, i) => {
    const problem = verdicts[i];
    if (problem) {
      problems.push(problem);
      bad.set(e.record, { key: entryKey(e), problem });
    } else records.set(e.record, stored[i]!);
  });
  const manifest = await remember(database, found.manifest, problems, bad);
  return { manifest, entries: found.entries, records, problems, bad };
}

async function recordProblem(e: OkEntry, r: StoredRecord | undefined): Promise<string | null> {
  const what = `The stored record of ${e.kind} system "${e.name}"`;
  if (!r) return `${what} is missing.`;
  try {
    if ((await fullHash(r.record)) !== e.record) return `${what} does not match its hash: it was changed after it was stored.`;
    if ((await contentHash(r.record)) !== e.contentHash) return `${what} does not match the content hash in the snapshot.`;
  } catch (error) {
    return `${what} is unreadable (${(error as Error).message}).`;
  }
  return null;
}

/** Stores the verdict on the manifest, and marks every other snapshot that uses a bad record. Best effort. */
async function remember(database: Db, manifest: Manifest, problems: string[], bad: Bad): Promise<Manifest> {
  const damage = problems.length ? problems : null;
  if (!damage && !manifest.damage?.length) return manifest;
  try {
    const tx = database.transaction('snapshots', 'readwrite');
    const current = await tx.store.get(manifest.id!);
    if (isCurrent(current) && JSON.stringify(current.damage) !== JSON.stringify(damage)) await tx.store.put({ ...current, damage });
    for (const [hash, { key, problem }] of bad) await markUsers(tx.store, hash, key, problem, manifest.id!);
    await tx.done;
  } catch {
    // The verdict is still returned to the caller; it is re-established by the next read.
  }
  return { ...manifest, damage };
}

type SnapshotsRw = IDBPObjectStore<IpxDB, ['snapshots'], 'snapshots', 'readwrite'>;

/** Manifests that name the record, and their descendants that inherit its entry unchanged. */
async function markUsers(store: SnapshotsRw, hash: string, key: string, problem: string, except: number): Promise<void> {
  const queue = await store.index('byRef').getAllKeys(hash);
  const seen = new Set<number>();
  while (queue.length) {
    const id = queue.shift()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const m = await store.get(id);
    if (!isCurrent(m)) continue;
    if (id !== except && !m.damage?.includes(problem)) await store.put({ ...m, damage: [...(m.damage ?? []), problem] });
    for (const child of await store.index('byBase').getAll(id)) {
      if (isCurrent(child) && child.base !== null && !child.removes.includes(key) && !child.upserts.some((e) => entryKey(e) === key)) queue.push(child.id!);
    }
  }
}

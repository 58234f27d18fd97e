import { db, PAYLOAD_FORMAT, type SnapshotEntry, type SnapshotManifest, type StoredRecord } from './db.ts';
import type { SnapshotSummary } from '@/lib/messaging/protocol';

export interface NewSnapshot {
  manifest: Omit<SnapshotManifest, 'id' | 'format'>;
  /** Records referenced by the manifest's entries, by their full hash. */
  records: StoredRecord[];
}

/**
 * Stores a snapshot whole or not at all: records and manifest in one transaction. Records already
 * present (same full hash) are not written again.
 */
export async function saveSnapshot(snapshot: NewSnapshot): Promise<number> {
  const database = await db();
  const tx = database.transaction(['records', 'snapshots'], 'readwrite');
  const records = tx.objectStore('records');
  for (const r of snapshot.records) {
    if (!(await records.getKey(r.hash))) await records.put(r);
  }
  const id = await tx.objectStore('snapshots').add({ ...snapshot.manifest, format: PAYLOAD_FORMAT });
  await tx.done;
  return id;
}

export async function getSnapshot(id: number): Promise<SnapshotManifest | undefined> {
  return (await db()).get('snapshots', id);
}

export async function getRecord(hash: string): Promise<StoredRecord | undefined> {
  return (await db()).get('records', hash);
}

export async function listSnapshots(origin?: string): Promise<SnapshotSummary[]> {
  const database = await db();
  const all = origin
    ? await database.getAllFromIndex('snapshots', 'byOrigin', IDBKeyRange.bound([origin, ''], [origin, '\uffff']))
    : await database.getAll('snapshots');
  return all
    .map((m) => ({
      id: m.id!,
      origin: m.origin,
      tenantId: m.tenantId,
      createdAt: m.createdAt,
      trigger: m.trigger,
      systemCount: m.systems.filter((s: SnapshotEntry) => s.status === 'ok').length,
      failedCount: m.systems.filter((s: SnapshotEntry) => s.status === 'failed').length,
    }))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id);
}

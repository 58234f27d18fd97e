import type { SnapshotDetail, SnapshotRecords, SnapshotSummary, StorageInfo, TenantSummary } from '@/lib/messaging/protocol';
import { db, type Manifest, type StoredManifest } from './db.ts';
import { isCurrent } from './chain.ts';
import { StoreError } from './errors.ts';
import { isOk, toSnapshotSystem } from './format.ts';
import { verifySnapshot } from './integrity.ts';

export { saveSnapshot, deleteSnapshots, retainAll, type NewSnapshot, type SaveResult } from './write.ts';

/** The read side of the store; every record that leaves it has been verified (integrity.ts). */

export function toSummary(m: Manifest): SnapshotSummary {
  return {
    id: m.id!,
    origin: m.origin,
    tenantId: m.tenantId,
    createdAt: m.createdAt,
    trigger: m.trigger,
    kinds: m.kinds,
    systemCount: m.counts.ok,
    failedCount: m.counts.failed,
    pinned: m.pinned,
    label: m.label,
    note: m.note,
    size: m.size,
    damaged: !!m.damage?.length,
    damage: m.damage ?? [],
  };
}

/** Newest first; by tenant when `origin` is given. */
export async function listSnapshots(query: { origin?: string; offset?: number; limit?: number } = {}): Promise<{ total: number; items: SnapshotSummary[] }> {
  const { origin, offset = 0, limit = 50 } = query;
  const store = (await db()).transaction('snapshots').store;
  const index = origin === undefined ? store.index('byCreated') : store.index('byOrigin');
  const range = origin === undefined ? null : IDBKeyRange.bound([origin, ''], [origin, '\uffff']);
  const total = await index.count(range);
  const items: SnapshotSummary[] = [];
  let cursor = await index.openCursor(range, 'prev');
  if (cursor && offset > 0) cursor = await cursor.advance(offset);
  for (; cursor && items.length < limit; cursor = await cursor.continue()) {
    const m: StoredManifest = cursor.value;
    if (isCurrent(m)) items.push(toSummary(m));
  }
  return { total, items };
}

export async function listTenants(): Promise<TenantSummary[]> {
  const store = (await db()).transaction('snapshots').store;
  const tenants = new Map<string, { count: number; lastCreatedAt: string; lastId: number }>();
  for (let c = await store.index('byOrigin').openKeyCursor(); c; c = await c.continue()) {
    const [origin, createdAt] = c.key;
    const t = tenants.get(origin);
    tenants.set(origin, { count: (t?.count ?? 0) + 1, lastCreatedAt: createdAt, lastId: c.primaryKey });
  }
  const out: TenantSummary[] = [];
  for (const [origin, t] of tenants) {
    const last = await store.get(t.lastId);
    out.push({ origin, tenantId: last?.tenantId ?? null, count: t.count, lastCreatedAt: t.lastCreatedAt });
  }
  return out.sort((a, b) => b.lastCreatedAt.localeCompare(a.lastCreatedAt));
}

/** The manifest with its full list of systems, verified. */
export async function getSnapshot(id: number): Promise<SnapshotDetail> {
  const v = await verifySnapshot(id);
  return { snapshot: toSummary(v.manifest), systems: v.entries.map(toSnapshotSystem), integrity: { damaged: v.problems.length > 0, problems: v.problems } };
}

/**
 * Full records of a snapshot (all, or the systems with the given ids). A damaged snapshot is refused:
 * it must never be restored silently. `allowDamaged` is for viewing what is left of it.
 */
export async function getSnapshotRecords(id: number, options: { systems?: string[]; allowDamaged?: boolean } = {}): Promise<SnapshotRecords> {
  const v = await verifySnapshot(id);
  const integrity = { damaged: v.problems.length > 0, problems: v.problems };
  if (integrity.damaged && !options.allowDamaged) {
    throw new StoreError(`Snapshot #${id} (${v.manifest.createdAt}) is damaged and cannot be used to restore: ${v.problems.join(' ')} Pick another snapshot, or take a new one.`, 'SNAPSHOT_DAMAGED');
  }
  const oks = v.entries.filter(isOk);
  const wanted = options.systems ? new Set(options.systems) : null;
  if (wanted) {
    const missing = [...wanted].filter((sid) => !oks.some((e) => e.id === sid));
    if (missing.length) throw new StoreError(`Snapshot #${id} has no stored record of the system(s) ${missing.join(', ')}.`, 'NOT_FOUND');
  }
  const records = oks
    .filter((e) => !wanted || wanted.has(e.id))
    .map((e) => {
      const stored = v.records.get(e.record);
      const system = toSnapshotSystem(e) as SnapshotRecords['records'][number]['system'];
      return { system, record: stored?.record ?? null, problem: stored ? null : (v.bad.get(e.record)?.problem ?? null) };
    });
  return { snapshot: toSummary(v.manifest), integrity, records };
}

/** Pin, label, note: the only parts of a stored snapshot that change (they are outside its seal). */
export async function updateSnapshot(id: number, patch: { pinned?: boolean; label?: string | null; note?: string | null }): Promise<SnapshotSummary> {
  const tx = (await db()).transaction('snapshots', 'readwrite');
  const m = await tx.store.get(id);
  if (!isCurrent(m)) {
    await tx.done.catch(() => undefined);
    throw new StoreError(`Snapshot #${id} does not exist (it may have been deleted).`, 'NOT_FOUND');
  }
  const next: Manifest = {
    ...m,
    pinned: patch.pinned ?? m.pinned,
    label: patch.label === undefined ? m.label : patch.label?.trim() || null,
    note: patch.note === undefined ? m.note : patch.note?.trim() || null,
  };
  await tx.store.put(next);
  await tx.done;
  return toSummary(next);
}

/** What the store holds; the caller adds whether `unlimitedStorage` is granted. */
export async function storageInfo(): Promise<Omit<StorageInfo, 'unlimitedStorage'>> {
  const database = await db();
  const storage = (globalThis.navigator as Navigator | undefined)?.storage;
  const estimate = await storage?.estimate?.().catch(() => undefined);
  const persisted = await storage?.persisted?.().catch(() => null);
  let recordBytes = 0;
  const tx = database.transaction(['records', 'snapshots']);
  for (let c = await tx.objectStore('records').openCursor(); c; c = await c.continue()) recordBytes += c.value.size;
  const [snapshots, records] = [await tx.objectStore('snapshots').count(), await tx.objectStore('records').count()];
  return { usage: estimate?.usage ?? null, quota: estimate?.quota ?? null, persisted: persisted ?? null, snapshots, records, recordBytes };
}

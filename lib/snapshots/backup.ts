import type { ErrorObject } from 'ajv';
import * as validators from 'virtual:ajv-validators';
import { canonicalize } from '@/lib/canonical/jcs';
import { contentHash, fullHash, sha256Hex } from '@/lib/canonical/hash';
import type { SystemFile } from '@/lib/model/system';
import type { SnapshotSystem, SnapshotTrigger } from '@/lib/messaging/protocol';
import { db, RECORD_FORMAT, type Manifest, type StoredRecord } from './db.ts';
import { isCurrent, materialise } from './chain.ts';
import { StoreError } from './errors.ts';
import { applyDelta, isOk, sealOf, sortEntries, toSnapshotSystem, type Entry } from './format.ts';
import { origin as parseOrigin } from './requests.ts';
import { saveSnapshot } from './write.ts';

/**
 * Backup of the whole store as one JSON file, and its merge back (issue item 4). A system that stays
 * the same across 1,000 snapshots is listed once (`systems`) and snapshots refer to it by index; records
 * are listed once by hash. Import validates (ajv, precompiled) → checks hashes and secrets → merges:
 * records by hash, snapshots by (origin, createdAt, list of systems). Nothing is written unless all of
 * the file passes; each snapshot is then stored whole or not at all (saveSnapshot).
 */
export const BACKUP_FORMAT = 'ips-snapshots-store-backup';
export const BACKUP_FORMAT_VERSION = 1;

export interface BackupSnapshot {
  origin: string;
  tenantId: string | null;
  createdAt: string;
  trigger: SnapshotTrigger;
  extensionVersion: string;
  kinds: Manifest['kinds'];
  label: string | null;
  note: string | null;
  pinned: boolean;
  /** Indexes into `StoreBackup.systems`. */
  systems: number[];
}

export interface StoreBackup {
  format: typeof BACKUP_FORMAT;
  formatVersion: typeof BACKUP_FORMAT_VERSION;
  createdAt: string;
  extensionVersion: string;
  systems: SnapshotSystem[];
  snapshots: BackupSnapshot[];
  records: Array<{ hash: string; record: SystemFile }>;
  /** Damaged snapshots left out, with why. */
  omitted: Array<{ origin: string; createdAt: string; problems: string[] }>;
}

export interface StoreImportResult {
  added: number;
  /** Snapshots already in the store (same tenant, time and systems). */
  duplicates: number;
  recordsAdded: number;
  warnings: string[];
}

const encoder = new TextEncoder();

export async function exportStore(extensionVersion: string, now = new Date()): Promise<StoreBackup> {
  const manifests = (await (await db()).getAll('snapshots')).filter(isCurrent).sort((a, b) => a.id! - b.id!);
  const lists = await materialiseAll(manifests);
  const hashes = new Set([...lists.values()].flatMap((l) => l.entries.filter(isOk).map((e) => e.record)));
  const records = await verifiedRecords([...hashes]);
  const backup: StoreBackup = { format: BACKUP_FORMAT, formatVersion: BACKUP_FORMAT_VERSION, createdAt: now.toISOString(), extensionVersion, systems: [], snapshots: [], records: [], omitted: [] };
  const systemIndex = new Map<string, number>();
  const used = new Set<string>();
  for (const m of manifests) {
    const { entries, problems } = lists.get(m.id!)!;
    const bad = entries.filter(isOk).flatMap((e) => recordProblem(e, records));
    if (problems.length || bad.length) {
      backup.omitted.push({ origin: m.origin, createdAt: m.createdAt, problems: [...problems, ...bad] });
      continue;
    }
    const systems = entries.map((e) => {
      const system = toSnapshotSystem(e);
      const key = canonicalize(system);
      if (!systemIndex.has(key)) systemIndex.set(key, backup.systems.push(system) - 1);
      if (isOk(e)) used.add(e.record);
      return systemIndex.get(key)!;
    });
    const { origin, tenantId, createdAt, trigger, extensionVersion: version, kinds, label, note, pinned } = m;
    backup.snapshots.push({ origin, tenantId, createdAt, trigger, extensionVersion: version, kinds, label, note, pinned, systems });
  }
  backup.records = [...used].map((hash) => ({ hash, record: records.get(hash)!.record! }));
  return backup;
}

type Listed = { entries: Entry[]; problems: string[] };

/** Every list, oldest first: a delta's base is older, so each list costs one applyDelta. */
async function materialiseAll(manifests: Manifest[]): Promise<Map<number, Listed>> {
  const byId = new Map(manifests.map((m) => [m.id!, m]));
  const reader = { get: async (id: number) => byId.get(id) };
  const lists = new Map<number, Listed>();
  for (const m of manifests) {
    const base = m.base === null ? null : lists.get(m.base);
    let listed: Listed;
    if (m.base === null) listed = { entries: sortEntries(m.entries), problems: [] };
    else if (base && !base.problems.length) listed = { entries: applyDelta(base.entries, m), problems: [] };
    else listed = (await materialise(reader, m.id!)) ?? { entries: [], problems: ['it could not be read'] };
    if (!listed.problems.length && (await sealOf(m, listed.entries)) !== m.seal) listed = { entries: listed.entries, problems: ['its list of systems no longer matches its seal'] };
    lists.set(m.id!, listed);
  }
  return lists;
}

interface Checked {
  record: SystemFile | null;
  contentHash: string | null;
}

async function verifiedRecords(hashes: string[]): Promise<Map<string, Checked>> {
  const tx = (await db()).transaction('records');
  const stored = await Promise.all(hashes.map((h) => tx.store.get(h)));
  await tx.done;
  const out = new Map<string, Checked>();
  await Promise.all(
    hashes.map(async (hash, i) => {
      const r = stored[i];
      const ok = !!r && (await fullHash(r.record)) === hash;
      out.set(hash, ok ? { record: r!.record, contentHash: await contentHash(r!.record) } : { record: null, contentHash: null });
    }),
  );
  return out;
}

function recordProblem(e: Extract<Entry, { record: string }>, records: Map<string, Checked>): string[] {
  const r = records.get(e.record);
  if (!r?.record) return [`the stored record of ${e.kind} system "${e.name}" is missing or no longer matches its hash`];
  return r.contentHash === e.contentHash ? [] : [`the stored record of ${e.kind} system "${e.name}" does not match its content hash`];
}

/** Validates, checks, then merges a backup into the store. */
export async function importStore(input: unknown, options: { retention: number }): Promise<StoreImportResult> {
  const backup = validateBackup(input);
  const records = await checkRecords(backup);
  const toEntry = (i: number): Entry => fromSystem(backup.systems[i]!);
  const stored = new Set(await (await db()).getAllKeys('records'));
  const seen = await existingKeys(backup.snapshots);
  const result: StoreImportResult = { added: 0, duplicates: 0, recordsAdded: 0, warnings: [] };
  const ordered = [...backup.snapshots].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  for (const s of ordered) {
    const entries = sortEntries(s.systems.map(toEntry));
    const key = await snapshotKey(s.origin, s.createdAt, entries);
    if (seen.has(key)) {
      result.duplicates++;
      continue;
    }
    seen.add(key);
    const fresh = [...new Set(entries.filter(isOk).map((e) => e.record))].filter((h) => !stored.has(h)).map((h) => records.get(h)!);
    const { origin, tenantId, createdAt, trigger, extensionVersion, kinds } = s;
    // Retention is not applied here: a restore must not delete what it just brought back.
    await saveSnapshot({ header: { origin, tenantId, createdAt, trigger, extensionVersion, kinds }, entries, records: fresh, label: s.label, note: s.note, pinned: s.pinned }, { retention: Number.MAX_SAFE_INTEGER });
    for (const r of fresh) stored.add(r.hash);
    result.added++;
    result.recordsAdded += fresh.length;
  }
  if (backup.omitted.length) result.warnings.push(`${backup.omitted.length} damaged snapshot(s) had been left out of this backup when it was written.`);
  if (result.added) result.warnings.push(...(await retentionWarnings(backup.snapshots.map((s) => s.origin), options.retention)));
  return result;
}

export function validateBackup(input: unknown): StoreBackup {
  if (!validators.storeBackup(input)) {
    const issues = (validators.storeBackup.errors ?? []).slice(0, 10).map(describeIssue);
    throw new StoreError(`This file is not a valid IPS Snapshots backup; nothing was imported. ${issues.join('; ')}`, 'BAD_REQUEST');
  }
  const backup = input as StoreBackup;
  backup.snapshots.forEach((s, i) => {
    parseOrigin(s.origin, `/snapshots/${i}/origin`);
    const out = s.systems.find((n) => n >= backup.systems.length);
    if (out !== undefined) throw new StoreError(`Invalid backup: /snapshots/${i}/systems refers to system ${out}, but the backup lists ${backup.systems.length}; nothing was imported.`, 'BAD_REQUEST');
  });
  return backup;
}

function describeIssue(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  if (e.keyword === 'required') return `${e.instancePath}/${String(p.missingProperty)}: is required`;
  if (e.keyword === 'additionalProperties') return `${e.instancePath}/${String(p.additionalProperty)}: is not allowed here`;
  return `${e.instancePath || '(the file)'}: ${e.message ?? e.keyword}`;
}

/** Every record: no secret value, matches its hash; every system names a record that matches its content hash. */
async function checkRecords(backup: StoreBackup): Promise<Map<string, StoredRecord>> {
  const out = new Map<string, StoredRecord>();
  const contentHashes = new Map<string, string>();
  for (const { hash, record } of backup.records) {
    const what = `${String(record.accessMode)} system "${String(record.name)}" (record ${hash.slice(0, 12)}…)`;
    if (Object.values(record.encryptedProperties ?? {}).some((v) => v !== null)) {
      throw new StoreError(`The backup holds a credential value of ${what}. Backups never contain secrets, so the file was refused; nothing was imported.`, 'INVALID_RECORD');
    }
    const canonical = canonicalize(record);
    if ((await sha256Hex(canonical)) !== hash) throw new StoreError(`The ${what} does not match its hash: the backup was changed after it was written. Nothing was imported.`, 'INVALID_RECORD');
    out.set(hash, { hash, format: RECORD_FORMAT, record, size: encoder.encode(canonical).length });
    contentHashes.set(hash, await contentHash(record));
  }
  for (const s of backup.systems) {
    if (s.status !== 'ok') continue;
    if (!out.has(s.recordHash)) throw new StoreError(`The backup lists ${s.kind} system "${s.name}" but not its record; nothing was imported.`, 'INVALID_RECORD');
    if (contentHashes.get(s.recordHash) !== s.contentHash) throw new StoreError(`The record of ${s.kind} system "${s.name}" does not match its content hash in the backup; nothing was imported.`, 'INVALID_RECORD');
  }
  return out;
}

function fromSystem(s: SnapshotSystem): Entry {
  if (s.status === 'ok') return { kind: s.kind, id: s.id, name: s.name, type: s.connectorTypeString, contentHash: s.contentHash, record: s.recordHash };
  return { kind: s.kind, id: s.id, name: s.name, status: 'failed', reason: s.reason };
}

async function snapshotKey(origin: string, createdAt: string, entries: Entry[]): Promise<string> {
  return `${origin}\n${createdAt}\n${await sha256Hex(canonicalize(sortEntries(entries)))}`;
}

/** Keys of the stored snapshots taken at the same tenant and time as one in the backup. */
async function existingKeys(snapshots: BackupSnapshot[]): Promise<Set<string>> {
  const tx = (await db()).transaction('snapshots');
  const index = tx.store.index('byOrigin');
  const times = new Map(snapshots.map((s) => [`${s.origin}\n${s.createdAt}`, [s.origin, s.createdAt] as [string, string]]));
  const found: Array<{ origin: string; createdAt: string; entries: Entry[] }> = [];
  for (const at of times.values()) {
    for (const id of await index.getAllKeys(IDBKeyRange.only(at))) {
      const m = await materialise(tx.store, id);
      if (m && !m.problems.length) found.push({ origin: m.manifest.origin, createdAt: m.manifest.createdAt, entries: m.entries });
    }
  }
  // Hashing is not IndexedDB work: only after the transaction is done.
  await tx.done;
  return new Set(await Promise.all(found.map((f) => snapshotKey(f.origin, f.createdAt, f.entries))));
}

/** Tenants that now hold more snapshots than retention keeps: the next snapshot there would trim them. */
async function retentionWarnings(origins: Iterable<string>, retention: number): Promise<string[]> {
  const index = (await db()).transaction('snapshots').store.index('byOrigin');
  const warnings: string[] = [];
  for (const origin of new Set(origins)) {
    const count = await index.count(IDBKeyRange.bound([origin, ''], [origin, '\uffff']));
    if (count > retention) {
      warnings.push(`${origin} now has ${count} snapshots, more than the retention of ${retention}: the next snapshot of that tenant removes the oldest ones that are neither pinned nor labelled. Raise the retention in Options to keep them.`);
    }
  }
  return warnings;
}

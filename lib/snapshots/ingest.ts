import { parseSystemFile, formatIssues } from '@/lib/schema/validate';
import { contentHash, fullHash, sha256Hex } from '@/lib/canonical/hash';
import { canonicalize } from '@/lib/canonical/jcs';
import { kindOfAccessMode } from '@/lib/model/system';
import type { IngestEntry, IngestFailure, IngestFile, IngestRequest, IngestResult, SnapshotTrigger } from '@/lib/messaging/protocol';
import { db, RECORD_FORMAT, type StoredRecord } from './db.ts';
import { describeStoreError } from './errors.ts';
import { isOk, scopeOf, sortEntries, type Entry } from './format.ts';
import { verifySnapshot } from './integrity.ts';
import { saveSnapshot } from './write.ts';

export { describeStoreError };

const encoder = new TextEncoder();

export interface Prepared {
  entries: IngestEntry[];
  snapshotEntries: Entry[];
  records: StoredRecord[];
  invalid: IngestResult['invalid'];
  /** The tenant most files name (a template may name none). */
  tenantId: string | null;
}

export interface IngestContext {
  extensionVersion: string;
  /** Newest snapshots kept per tenant (retention), applied in the same transaction. */
  retention: number;
  now?: Date;
}

/**
 * The background's half of an export: validates every file, hashes it (contract §6) and stores the
 * snapshot. Nothing in a file is trusted: a file that fails the schema, carries a credential value or
 * is of another kind than listed is recorded as failed, never stored. With `skipIfUnchanged` (compare
 * with live, scheduled snapshots) a tenant identical to its newest stored snapshot adds none: that
 * snapshot already proves the state, and repeated runs must not push real history out of retention.
 */
export async function ingestExport(req: IngestRequest, ctx: IngestContext): Promise<IngestResult> {
  const p = await prepareFiles(req.files, req.failed);
  let snapshotId: number | null = null;
  let storeError: string | null = null;
  let reused = false;
  if (req.store) {
    try {
      const same = req.skipIfUnchanged && SKIPPABLE.includes(req.trigger) ? await unchangedSnapshot(req, p) : null;
      if (same !== null) {
        snapshotId = same;
        reused = true;
      } else {
        const header = { origin: req.origin, tenantId: p.tenantId, createdAt: (ctx.now ?? new Date()).toISOString(), trigger: req.trigger, extensionVersion: ctx.extensionVersion, kinds: req.kinds };
        snapshotId = (await saveSnapshot({ header, entries: p.snapshotEntries, records: p.records }, { retention: ctx.retention })).id;
      }
    } catch (e) {
      storeError = describeStoreError(e);
    }
  }
  return { entries: p.entries, tenantId: p.tenantId, snapshotId, storeError, invalid: p.invalid, reused };
}

/** Triggers whose snapshot is left out when nothing changed; exports and "Snapshot now" always store one. */
const SKIPPABLE: readonly SnapshotTrigger[] = ['manual', 'scheduled'];

/**
 * The id of the tenant's newest snapshot of the same scope (same kinds, full list) when it holds exactly
 * the systems just read: same keys, names, types, content hashes and full records, none failed on either
 * side, and it verifies intact. Null otherwise, and when the store cannot tell (then a snapshot is stored).
 */
export async function unchangedSnapshot(req: Pick<IngestRequest, 'origin' | 'kinds' | 'trigger'>, p: Pick<Prepared, 'snapshotEntries' | 'tenantId'>): Promise<number | null> {
  if (!p.snapshotEntries.length || !p.snapshotEntries.every(isOk)) return null;
  try {
    const scope = scopeOf(req.kinds, req.trigger);
    const tx = (await db()).transaction('snapshots', 'readonly');
    const range = IDBKeyRange.bound([req.origin, scope, ''], [req.origin, scope, '\uffff']);
    const cursor = await tx.store.index('byScope').openKeyCursor(range, 'prev');
    const newest = cursor?.primaryKey;
    await tx.done;
    if (newest === undefined) return null;
    const stored = await verifySnapshot(newest);
    if (stored.problems.length || stored.manifest.tenantId !== p.tenantId) return null;
    return canonicalize(sortEntries(stored.entries)) === canonicalize(sortEntries(p.snapshotEntries)) ? newest : null;
  } catch {
    return null;
  }
}

export async function prepareFiles(files: IngestFile[], failed: IngestFailure[]): Promise<Prepared> {
  const p: Prepared = { entries: [], snapshotEntries: [], records: [], invalid: [], tenantId: null };
  const tenantIds = new Map<string, number>();
  for (const f of files) {
    const parsed = parseSystemFile(f.text);
    const reason = !parsed.ok ? `The console's file is not a valid system file: ${formatIssues(parsed.issues)}` : refusal(f, parsed.record);
    if (!parsed.ok) p.invalid.push({ name: f.name, issues: parsed.issues });
    if (reason !== null || !parsed.ok) {
      addFailed(p, { kind: f.kind, id: f.id, name: f.name, reason: reason ?? 'invalid' });
      continue;
    }
    const record = parsed.record;
    const canonical = canonicalize(record);
    const [fileSha256, content, full] = await Promise.all([sha256Hex(encoder.encode(f.text)), contentHash(record), fullHash(record)]);
    const type = record.connectorTypeString;
    p.entries.push({ status: 'ok', kind: f.kind, id: f.id, name: record.name, connectorTypeString: type, fileSha256, contentHash: content });
    p.snapshotEntries.push({ kind: f.kind, id: f.id, name: record.name, type, contentHash: content, record: full });
    p.records.push({ hash: full, format: RECORD_FORMAT, record, size: encoder.encode(canonical).length });
    if (record.tenantId) tenantIds.set(record.tenantId, (tenantIds.get(record.tenantId) ?? 0) + 1);
  }
  for (const f of failed) addFailed(p, f);
  p.tenantId = [...tenantIds.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  return p;
}

function refusal(f: IngestFile, record: { encryptedProperties?: Record<string, string | null> | null; accessMode: 'READ' | 'WRITE' | 'PROXY' }): string | null {
  if (Object.values(record.encryptedProperties ?? {}).some((v) => v !== null)) {
    return 'The file carries a credential value; it was refused so that no secret is stored.';
  }
  if (kindOfAccessMode(record.accessMode) !== f.kind) return `Listed as a ${f.kind} system but the file says accessMode "${record.accessMode}".`;
  return null;
}

function addFailed(p: Prepared, f: IngestFailure): void {
  p.entries.push({ status: 'failed', ...f });
  p.snapshotEntries.push({ kind: f.kind, id: f.id, name: f.name, status: 'failed', reason: f.reason });
}

import { parseSystemFile, formatIssues } from '@/lib/schema/validate';
import { contentHash, fullHash, sha256Hex } from '@/lib/canonical/hash';
import { canonicalize } from '@/lib/canonical/jcs';
import { kindOfAccessMode } from '@/lib/model/system';
import type { IngestEntry, IngestRequest, IngestResult } from '@/lib/messaging/protocol';
import type { SnapshotEntry, StoredRecord } from './db.ts';
import { PAYLOAD_FORMAT } from './db.ts';
import { saveSnapshot } from './store.ts';

const encoder = new TextEncoder();

/**
 * The background's half of an export: validates every file, hashes it (contract §6) and stores the
 * snapshot. Nothing in a file is trusted: a file that fails the schema, carries a credential value or
 * is of another kind than listed is recorded as failed, never stored.
 */
export async function ingestExport(req: IngestRequest, extensionVersion: string, now = new Date()): Promise<IngestResult> {
  const entries: IngestEntry[] = [];
  const snapshotEntries: SnapshotEntry[] = [];
  const records: StoredRecord[] = [];
  const invalid: IngestResult['invalid'] = [];
  const tenantIds = new Map<string, number>();
  for (const f of req.files) {
    const parsed = parseSystemFile(f.text);
    let reason: string | null = null;
    if (!parsed.ok) {
      invalid.push({ name: f.name, issues: parsed.issues });
      reason = `The console's file is not a valid system file: ${formatIssues(parsed.issues)}`;
    } else if (Object.values(parsed.record.encryptedProperties ?? {}).some((v) => v !== null)) {
      reason = 'The file carries a credential value; it was refused so that no secret is stored.';
    } else if (kindOfAccessMode(parsed.record.accessMode) !== f.kind) {
      reason = `Listed as a ${f.kind} system but the file says accessMode "${parsed.record.accessMode}".`;
    }
    if (reason || !parsed.ok) {
      entries.push({ status: 'failed', kind: f.kind, id: f.id, name: f.name, reason: reason ?? 'invalid' });
      snapshotEntries.push({ status: 'failed', kind: f.kind, id: f.id, name: f.name, reason: reason ?? 'invalid' });
      continue;
    }
    const record = parsed.record;
    const [fileSha256, content, full] = await Promise.all([sha256Hex(encoder.encode(f.text)), contentHash(record), fullHash(record)]);
    const connectorTypeString = record.connectorTypeString;
    entries.push({ status: 'ok', kind: f.kind, id: f.id, name: record.name, connectorTypeString, fileSha256, contentHash: content });
    snapshotEntries.push({ status: 'ok', kind: f.kind, id: f.id, name: record.name, connectorTypeString, contentHash: content, recordHash: full, fileSha256 });
    records.push({ hash: full, format: PAYLOAD_FORMAT, record, size: encoder.encode(canonicalize(record)).length });
    if (record.tenantId) tenantIds.set(record.tenantId, (tenantIds.get(record.tenantId) ?? 0) + 1);
  }
  for (const f of req.failed) {
    entries.push({ status: 'failed', ...f });
    snapshotEntries.push({ status: 'failed', ...f });
  }
  const tenantId = [...tenantIds.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  let snapshotId: number | null = null;
  let storeError: string | null = null;
  if (req.store) {
    try {
      snapshotId = await saveSnapshot({
        manifest: { origin: req.origin, tenantId, createdAt: now.toISOString(), trigger: req.trigger, label: null, note: null, pinned: false, extensionVersion, kinds: req.kinds, systems: snapshotEntries },
        records,
      });
    } catch (e) {
      storeError = describeStoreError(e);
    }
  }
  return { entries, tenantId, snapshotId, storeError, invalid };
}

export function describeStoreError(e: unknown): string {
  const name = (e as { name?: string })?.name;
  if (name === 'QuotaExceededError') {
    return "The snapshot was not saved: the browser's storage for the extension is full. Delete old snapshots in the extension popup, then export again.";
  }
  return `The snapshot was not saved (${name ?? 'error'}: ${(e as Error)?.message ?? String(e)}). Nothing partial was kept.`;
}

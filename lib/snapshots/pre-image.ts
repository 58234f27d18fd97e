import { scrubSecrets } from '@/lib/export/secrets';
import { kindOfAccessMode, type SystemFile, type SystemKind } from '@/lib/model/system';
import type { IngestFile } from '@/lib/messaging/protocol';
import { StoreError, describeStoreError } from './errors.ts';
import { prepareFiles, type IngestContext } from './ingest.ts';
import { saveSnapshot } from './write.ts';

export interface PreImageRequest {
  origin: string;
  /** The systems as the console returns them right now, before the extension writes to them. */
  records: SystemFile[];
  note?: string;
}

/**
 * Keeps the current state of every system the extension is about to write to (import, restore) as a
 * snapshot with trigger 'pre-write'. Throws when it cannot: the caller must not write without one.
 * Credential values the console leaked are dropped with a warning, as in an export.
 */
export async function takePreImage(req: PreImageRequest, ctx: IngestContext): Promise<{ snapshotId: number; warnings: string[] }> {
  const warnings: string[] = [];
  const files: IngestFile[] = req.records.map((raw) => {
    const { record, dropped } = scrubSecrets(raw);
    if (dropped.length) warnings.push(`The console returned credential values of "${String(record.name)}" (${dropped.join(', ')}); they were dropped and are not in the snapshot.`);
    const kind: SystemKind = kindOfAccessMode(record.accessMode) ?? 'source';
    return { kind, id: typeof record.id === 'string' ? record.id : '', name: String(record.name), text: JSON.stringify(record, null, 4) };
  });
  const p = await prepareFiles(files, []);
  const failed = p.entries.flatMap((e) => (e.status === 'failed' ? [`"${e.name}": ${e.reason}`] : []));
  if (failed.length) {
    throw new StoreError(`The current state of the systems could not be kept, so nothing should be written: ${failed.join('; ')}`, 'INVALID_RECORD');
  }
  const header = {
    origin: req.origin,
    tenantId: p.tenantId,
    createdAt: (ctx.now ?? new Date()).toISOString(),
    trigger: 'pre-write' as const,
    extensionVersion: ctx.extensionVersion,
    kinds: [...new Set(files.map((f) => f.kind))].sort(),
  };
  try {
    const { id } = await saveSnapshot({ header, entries: p.snapshotEntries, records: p.records, note: req.note ?? null }, { retention: ctx.retention });
    return { snapshotId: id, warnings };
  } catch (e) {
    throw new StoreError(`${describeStoreError(e)} The extension writes nothing to the console without it.`, 'STORE_FAILED');
  }
}

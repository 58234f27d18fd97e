import { browser } from 'wxt/browser';
import { buildBundle, downloadInPage } from '@/lib/bundle/write';
import { bundleFileName } from '@/lib/bundle/names';
import { sha256Hex } from '@/lib/canonical/hash';
import { serializeSystemFile } from '@/lib/canonical/serialize';
import type { IngestEntry, IngestFile, SnapshotDetail, SnapshotRecords } from '@/lib/messaging/protocol';

/**
 * A stored snapshot as the bundle zip of an export (console-contract §5). The store keeps records, not
 * the console's bytes, so each file is written again in the console's own format; the manifest says so.
 * A damaged snapshot is refused (the background refuses its records), with the reason.
 */
export const REBUILT_WARNING =
  "Rebuilt from a snapshot stored by the extension: the console's original export bytes are not kept, so every file was written again in the console's format (4-space indent, keys in the stored order). fileSha256 is of the rebuilt file and may differ from the original export's; contentHash is the same.";

export async function snapshotBundle(detail: SnapshotDetail, records: SnapshotRecords, extensionVersion: string): Promise<{ zip: Uint8Array; fileName: string }> {
  const { snapshot } = detail;
  const files: IngestFile[] = [];
  const hashes = new Map<string, string>();
  for (const { system, record } of records.records) {
    if (!record) throw new Error(`Snapshot #${snapshot.id} is damaged: the record of ${system.kind} system "${system.name}" is missing.`);
    const text = serializeSystemFile(record);
    files.push({ kind: system.kind, id: system.id, name: system.name, text });
    hashes.set(`${system.kind}:${system.id}`, await sha256Hex(text));
  }
  const entries = detail.systems.map((s): IngestEntry => {
    if (s.status === 'failed') return s;
    const { recordHash: _r, ...rest } = s;
    return { ...rest, fileSha256: hashes.get(`${s.kind}:${s.id}`) ?? '' };
  });
  const createdAt = new Date(snapshot.createdAt);
  const { zip } = buildBundle({
    origin: snapshot.origin,
    tenantId: snapshot.tenantId,
    createdAt,
    extensionVersion,
    kinds: snapshot.kinds,
    entries,
    files,
    warnings: [REBUILT_WARNING],
  });
  return { zip, fileName: bundleFileName(snapshot.origin, createdAt) };
}

/** Fetches, builds and saves; throws the background's reason for a damaged snapshot. */
export async function downloadSnapshot(id: number, send: { get(id: number): Promise<SnapshotDetail>; records(id: number): Promise<SnapshotRecords> }): Promise<string> {
  const detail = await send.get(id);
  if (detail.integrity.damaged) {
    throw new Error(`Snapshot #${id} is damaged and cannot be downloaded: ${detail.integrity.problems.join(' ')} You can still view it and compare it.`);
  }
  const { zip, fileName } = await snapshotBundle(detail, await send.records(id), browser.runtime.getManifest().version);
  downloadInPage(zip, fileName);
  return fileName;
}

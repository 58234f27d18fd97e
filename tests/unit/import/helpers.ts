/** Real exports as live tenant and as import files, for the import tests. */
import { contentHash, sha256Hex } from '@/lib/canonical/hash.ts';
import { buildBundle } from '@/lib/bundle/write.ts';
import type { IngestEntry, IngestFile } from '@/lib/messaging/protocol.ts';
import { kindOfAccessMode, type SystemFile } from '@/lib/model/system.ts';
import { readImportFiles } from '@/lib/import/read.ts';
import type { ImportItem, LiveSystem, LiveTenant } from '@/lib/import/types.ts';
import { REAL_EXPORTS, fixtureText } from '../schema/real-fixtures.ts';

export const ORIGIN = 'https://t1.accounts.ondemand.com';
export const OTHER_ORIGIN = 'https://t2.accounts.ondemand.com';
export const TENANT_ID = 'teched2025-00';
export const NOW = new Date('2026-03-04T10:00:00Z');

export const encode = (text: string) => new TextEncoder().encode(text);

export function record(file: string, edit?: (r: Record<string, any>) => void): SystemFile {
  const copy = JSON.parse(fixtureText(file)) as Record<string, any>;
  edit?.(copy);
  return copy as SystemFile;
}

export const REAL_RECORDS = (): SystemFile[] => REAL_EXPORTS.map((f) => record(f.file));

export async function liveSystem(r: SystemFile): Promise<LiveSystem> {
  return {
    id: String(r.id),
    name: r.name,
    accessMode: r.accessMode,
    systemManagementType: r.systemManagementType ?? null,
    record: r,
    contentHash: await contentHash(r),
  };
}

export async function liveTenant(records: SystemFile[] = REAL_RECORDS()): Promise<LiveTenant> {
  return { origin: ORIGIN, tenantId: TENANT_ID, systems: await Promise.all(records.map(liveSystem)) };
}

/** Items as the reader makes them from single native files (pretty, 4-space indent). */
export async function singleItems(records: SystemFile[]): Promise<ImportItem[]> {
  const files = records.map((r, i) => ({ name: `${i}-${r.name}.json`, bytes: encode(JSON.stringify(r, null, 4)) }));
  const result = await readImportFiles(files);
  if (result.invalid.length) throw new Error(JSON.stringify(result.invalid));
  return result.items;
}

/** A bundle zip as the extension writes it, from file texts. */
export async function bundleOf(texts: string[], origin = ORIGIN): Promise<Uint8Array> {
  const files: IngestFile[] = [];
  const entries: IngestEntry[] = [];
  for (const text of texts) {
    const r = JSON.parse(text.replace(/^\uFEFF/, '')) as SystemFile;
    const kind = kindOfAccessMode(r.accessMode);
    const id = String(r.id ?? `no-id-${files.length}`);
    files.push({ kind, id, name: r.name, text });
    const fileSha256 = await sha256Hex(encode(text));
    entries.push({ status: 'ok', kind, id, name: r.name, connectorTypeString: r.connectorTypeString, fileSha256, contentHash: await contentHash(r) });
  }
  const kinds = [...new Set(entries.map((e) => e.kind))];
  return buildBundle({ origin, tenantId: TENANT_ID, createdAt: NOW, extensionVersion: '0.1.0', kinds, entries, files, warnings: [] }).zip;
}

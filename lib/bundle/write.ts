import { zipSync, strToU8 } from 'fflate';
import { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, type BundleEntry, type BundleManifest } from '@/lib/model/bundle';
import type { SystemKind } from '@/lib/model/system';
import type { IngestEntry, IngestFile } from '@/lib/messaging/protocol';
import { safeFileStem, UniqueNames } from './names.ts';

export const MANIFEST_PATH = 'manifest.json';

export interface BundleInput {
  origin: string;
  tenantId: string | null;
  createdAt: Date;
  extensionVersion: string;
  kinds: SystemKind[];
  /** Hashes and outcomes per system, from the background. */
  entries: IngestEntry[];
  /** File texts by `kind:id`. */
  files: IngestFile[];
  /** Extra files per `kind:id` (e.g. the proxy CSV), by extension. */
  extras?: Map<string, { extension: string; text: string }>;
  warnings: string[];
}

const key = (kind: SystemKind, id: string) => `${kind}:${id}`;

/**
 * Builds the bundle of console-contract.md §5: `manifest.json` plus one file per system under
 * `source/`, `target/`, `proxy/`, each holding exactly the bytes the console exported.
 */
export function buildBundle(input: BundleInput): { zip: Uint8Array; manifest: BundleManifest } {
  const texts = new Map(input.files.map((f) => [key(f.kind, f.id), f.text]));
  const folders: Record<SystemKind, UniqueNames> = { source: new UniqueNames(), target: new UniqueNames(), proxy: new UniqueNames() };
  const zipFiles: Record<string, Uint8Array> = {};
  const systems: BundleEntry[] = input.entries.map((e): BundleEntry => {
    const text = texts.get(key(e.kind, e.id));
    if (e.status === 'failed' || text === undefined) {
      return { status: 'failed', id: e.id, name: e.name, kind: e.kind, reason: e.status === 'failed' ? e.reason : 'missing file text' };
    }
    const stem = safeFileStem(e.name);
    const path = `${e.kind}/${folders[e.kind].take(stem, '.json')}`;
    zipFiles[path] = strToU8(text);
    const entry: BundleEntry = { status: 'ok', path, id: e.id, name: e.name, kind: e.kind, connectorTypeString: e.connectorTypeString, fileSha256: e.fileSha256, contentHash: e.contentHash };
    const extra = input.extras?.get(key(e.kind, e.id));
    if (extra) {
      entry.csvPath = `${e.kind}/${folders[e.kind].take(stem, extra.extension)}`;
      zipFiles[entry.csvPath] = strToU8(extra.text);
    }
    return entry;
  });
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    formatVersion: BUNDLE_FORMAT_VERSION,
    origin: input.origin,
    tenantId: input.tenantId,
    createdAt: input.createdAt.toISOString(),
    extensionVersion: input.extensionVersion,
    kinds: input.kinds,
    systems,
    warnings: input.warnings,
  };
  const all = { [MANIFEST_PATH]: strToU8(JSON.stringify(manifest, null, 2)), ...zipFiles };
  return { zip: zipSync(all, { level: 6, mtime: input.createdAt }), manifest };
}

/** Saves bytes as a download from the page (a service worker has no object URLs). */
export function downloadInPage(bytes: Uint8Array, fileName: string, type = 'application/zip'): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

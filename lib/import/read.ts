/**
 * Reads what the admin chose to import: our bundle zips, native system files (`.json` or no extension,
 * pretty or minified, with or without BOM), several at once. Every file is validated; invalid ones are
 * listed with path and reason and left out. Bundle files are checked against the manifest's hashes.
 *
 * A zip without `manifest.json` (e.g. native exports zipped by hand) is read as plain system files with
 * integrity `unchecked`, and a note says so. A zip whose `manifest.json` is invalid is refused as a whole:
 * it claims to be a bundle but its hashes can't be trusted, so each of its files is listed as invalid.
 */
import { MANIFEST_PATH } from '../bundle/write.ts';
import { contentHash, sha256Hex } from '../canonical/hash.ts';
import type { BundleEntryOk, BundleManifest } from '../model/bundle.ts';
import { kindOfAccessMode } from '../model/system.ts';
import { formatIssues, parseSystemFile, validateManifest, type ValidationIssue } from '../schema/validate.ts';
import type { ImportItem, InvalidFile, ReadResult } from './types.ts';
import { isZip, safeUnzip, ZIP_LIMITS, type ZipLimits } from './unzip.ts';

export interface ReadLimits extends ZipLimits {
  /** Size of one system file (single or inside a zip). */
  maxFileBytes: number;
}

export const READ_LIMITS: ReadLimits = { ...ZIP_LIMITS, maxFileBytes: 10_000_000 };

export interface InputFile {
  name: string;
  bytes: Uint8Array;
}

type Sink = Omit<ReadResult, 'duplicates'> & { keys: Set<string> };
type Parsed = { ok: true; item: Omit<ImportItem, 'key' | 'file' | 'path' | 'integrity'> } | { ok: false; code: 'invalid-file' | 'too-large'; reason: string; issues: ValidationIssue[] };

export async function readImportFiles(files: InputFile[], limits: ReadLimits = READ_LIMITS): Promise<ReadResult> {
  const sink: Sink = { items: [], invalid: [], bundles: [], notes: [], keys: new Set() };
  for (const file of files) {
    if (isZip(file.bytes)) await readZip(file, sink, limits);
    else await readSingle(file, sink, limits);
  }
  const { keys: _keys, ...result } = sink;
  return { ...result, duplicates: findDuplicates(sink.items) };
}

async function readSingle(file: InputFile, sink: Sink, limits: ReadLimits): Promise<void> {
  const parsed = await parseItem(file.bytes, limits);
  if (!parsed.ok) {
    sink.invalid.push(invalidFile(file.name, undefined, parsed));
    return;
  }
  addItem(sink, { ...parsed.item, file: file.name, integrity: 'unchecked' });
}

async function readZip(file: InputFile, sink: Sink, limits: ReadLimits): Promise<void> {
  const unzipped = safeUnzip(file.bytes, limits);
  if (!unzipped.ok) {
    sink.invalid.push({ file: file.name, code: unzipped.code, reason: unzipped.reason });
    return;
  }
  for (const { path, reason } of unzipped.unsafe) sink.invalid.push({ file: file.name, path, code: 'unsafe-path', reason: `${reason}; not read` });
  const { entries } = unzipped;
  const manifestBytes = entries.get(MANIFEST_PATH);
  if (!manifestBytes) {
    sink.notes.push(`${file.name} has no ${MANIFEST_PATH}: its files were read as plain system files, without an integrity check`);
    for (const [path, bytes] of entries) await readPlainEntry(file.name, path, bytes, sink, limits);
    return;
  }
  const manifest = parseManifest(manifestBytes);
  if (!manifest.ok) {
    const reason = `${MANIFEST_PATH} is invalid, so this bundle can't be checked: ${formatIssues(manifest.issues)}`;
    const paths = [...entries.keys()].filter((p) => p !== MANIFEST_PATH);
    for (const path of paths.length ? paths : [MANIFEST_PATH]) sink.invalid.push({ file: file.name, path, code: 'manifest-invalid', reason, issues: manifest.issues });
    return;
  }
  sink.bundles.push({ file: file.name, manifest: manifest.manifest });
  await readBundle(file.name, manifest.manifest, entries, sink, limits);
}

async function readPlainEntry(file: string, path: string, bytes: Uint8Array, sink: Sink, limits: ReadLimits): Promise<void> {
  const parsed = await parseItem(bytes, limits);
  if (parsed.ok) addItem(sink, { ...parsed.item, file, path, integrity: 'unchecked' });
  else sink.invalid.push(invalidFile(file, path, parsed));
}

async function readBundle(file: string, manifest: BundleManifest, entries: Map<string, Uint8Array>, sink: Sink, limits: ReadLimits): Promise<void> {
  const listed = new Set([MANIFEST_PATH]);
  const bundle = { origin: manifest.origin, tenantId: manifest.tenantId, createdAt: manifest.createdAt };
  for (const entry of manifest.systems) {
    if (entry.status === 'failed') {
      sink.invalid.push({ file, code: 'export-failed', reason: `${entry.kind} "${entry.name}" was not exported and can't be imported: ${entry.reason}` });
      continue;
    }
    listed.add(entry.path);
    if (entry.csvPath) listed.add(entry.csvPath);
    const bytes = entries.get(entry.path);
    if (!bytes) {
      sink.invalid.push({ file, path: entry.path, code: 'missing-in-zip', reason: `listed in ${MANIFEST_PATH} but not in the zip` });
      continue;
    }
    const parsed = await parseItem(bytes, limits);
    if (!parsed.ok) {
      sink.invalid.push(invalidFile(file, entry.path, parsed));
      continue;
    }
    const problem = await integrityProblem(entry, bytes, parsed.item);
    const integrity = problem ? 'mismatch' : 'ok';
    addItem(sink, { ...parsed.item, file, path: entry.path, bundle, integrity, ...(problem ? { integrityDetail: problem } : {}) });
  }
  for (const path of entries.keys()) {
    if (!listed.has(path)) sink.invalid.push({ file, path, code: 'not-in-manifest', reason: `not listed in ${MANIFEST_PATH}; not imported` });
  }
}

async function integrityProblem(entry: BundleEntryOk, bytes: Uint8Array, item: { kind: string; name: string }): Promise<string | null> {
  if ((await sha256Hex(bytes)) !== entry.fileSha256) return `the file's bytes differ from the SHA-256 in ${MANIFEST_PATH}: it was changed after export`;
  if (entry.kind !== item.kind || entry.name !== item.name) {
    return `${MANIFEST_PATH} lists it as ${entry.kind} "${entry.name}" but the file holds ${item.kind} "${item.name}"`;
  }
  return null;
}

async function parseItem(bytes: Uint8Array, limits: ReadLimits): Promise<Parsed> {
  if (bytes.length > limits.maxFileBytes) {
    return { ok: false, code: 'too-large', reason: `the file has ${bytes.length} bytes; at most ${limits.maxFileBytes} are read`, issues: [] };
  }
  const parsed = parseSystemFile(bytes);
  if (!parsed.ok) return { ok: false, code: 'invalid-file', reason: formatIssues(parsed.issues), issues: parsed.issues };
  const { record, text } = parsed;
  const item = { record, text, kind: kindOfAccessMode(record.accessMode), name: record.name, contentHash: await contentHash(record) };
  return { ok: true, item };
}

function parseManifest(bytes: Uint8Array): ReturnType<typeof validateManifest> {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    return { ok: false, issues: [{ path: '', message: `not readable JSON (${(error as Error).message})` }] };
  }
  return validateManifest(value);
}

function invalidFile(file: string, path: string | undefined, { code, reason, issues }: Extract<Parsed, { ok: false }>): InvalidFile {
  return { file, ...(path === undefined ? {} : { path }), code, reason, ...(issues.length ? { issues } : {}) };
}

function addItem(sink: Sink, item: Omit<ImportItem, 'key'>): void {
  const base = item.path === undefined ? item.file : `${item.file}!${item.path}`;
  let key = base;
  for (let n = 2; sink.keys.has(key); n++) key = `${base}#${n}`;
  sink.keys.add(key);
  sink.items.push({ key, ...item });
}

function findDuplicates(items: ImportItem[]): ReadResult['duplicates'] {
  const groups = new Map<string, ImportItem[]>();
  for (const item of items) {
    const id = `${item.kind}\u0000${item.name}`;
    groups.set(id, [...(groups.get(id) ?? []), item]);
  }
  return [...groups.values()].filter((g) => g.length > 1).map((g) => ({ kind: g[0]!.kind, name: g[0]!.name, keys: g.map((i) => i.key) }));
}

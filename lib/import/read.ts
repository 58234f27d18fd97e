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
import { READ_LIMITS, toImportInput, type EntryText, type ImportInput, type ReadLimits } from './input.ts';

export { READ_LIMITS, type ReadLimits } from './input.ts';

export interface InputFile {
  name: string;
  bytes: Uint8Array;
}

type Sink = Omit<ReadResult, 'duplicates'> & { keys: Set<string> };
type Parsed = { ok: true; item: Omit<ImportItem, 'key' | 'file' | 'path' | 'integrity'>; bytes: Uint8Array } | { ok: false; code: 'invalid-file' | 'too-large'; reason: string; issues: ValidationIssue[] };

/** Reads files as bytes (tests, tools): each is turned into an input as the content script does. */
export async function readImportFiles(files: InputFile[], limits: ReadLimits = READ_LIMITS): Promise<ReadResult> {
  return readImportInputs(files.map((file) => toImportInput(file.name, file.bytes, limits)));
}

/** Reads what the content script sent: single files and unpacked zips as texts. */
export async function readImportInputs(inputs: ImportInput[]): Promise<ReadResult> {
  const sink: Sink = { items: [], invalid: [], bundles: [], notes: [], keys: new Set() };
  for (const input of inputs) {
    if (input.type === 'zip') await readZip(input, sink);
    else if (input.type === 'refused') sink.invalid.push({ file: input.name, code: input.code, reason: input.reason });
    else await readSingle(input, sink);
  }
  const { keys: _keys, ...result } = sink;
  return { ...result, duplicates: findDuplicates(sink.items) };
}

async function readSingle(file: Extract<ImportInput, { type: 'file' }>, sink: Sink): Promise<void> {
  const parsed = await parseItem(file);
  if (!parsed.ok) {
    sink.invalid.push(invalidFile(file.name, undefined, parsed));
    return;
  }
  addItem(sink, { ...parsed.item, file: file.name, integrity: 'unchecked' });
}

async function readZip(file: Extract<ImportInput, { type: 'zip' }>, sink: Sink): Promise<void> {
  for (const { path, reason } of file.unsafe) sink.invalid.push({ file: file.name, path, code: 'unsafe-path', reason: `${reason}; not read` });
  const entries = new Map<string, EntryText>(file.entries.map(({ path, ...entry }) => [path, entry]));
  const manifestEntry = entries.get(MANIFEST_PATH);
  if (!manifestEntry) {
    sink.notes.push(`${file.name} has no ${MANIFEST_PATH}: its files were read as plain system files, without an integrity check`);
    for (const [path, entry] of entries) await readPlainEntry(file.name, path, entry, sink);
    return;
  }
  const manifest = parseManifest(manifestEntry);
  if (!manifest.ok) {
    const reason = `${MANIFEST_PATH} is invalid, so this bundle can't be checked: ${formatIssues(manifest.issues)}`;
    const paths = [...entries.keys()].filter((p) => p !== MANIFEST_PATH);
    for (const path of paths.length ? paths : [MANIFEST_PATH]) sink.invalid.push({ file: file.name, path, code: 'manifest-invalid', reason, issues: manifest.issues });
    return;
  }
  sink.bundles.push({ file: file.name, manifest: manifest.manifest });
  await readBundle(file.name, manifest.manifest, entries, sink);
}

async function readPlainEntry(file: string, path: string, entry: EntryText, sink: Sink): Promise<void> {
  const parsed = await parseItem(entry);
  if (parsed.ok) addItem(sink, { ...parsed.item, file, path, integrity: 'unchecked' });
  else sink.invalid.push(invalidFile(file, path, parsed));
}

async function readBundle(file: string, manifest: BundleManifest, entries: Map<string, EntryText>, sink: Sink): Promise<void> {
  const listed = new Set([MANIFEST_PATH]);
  const bundle = { origin: manifest.origin, tenantId: manifest.tenantId, createdAt: manifest.createdAt };
  for (const entry of manifest.systems) {
    if (entry.status === 'failed') {
      sink.invalid.push({ file, code: 'export-failed', reason: `${entry.kind} "${entry.name}" was not exported and can't be imported: ${entry.reason}` });
      continue;
    }
    listed.add(entry.path);
    if (entry.csvPath) listed.add(entry.csvPath);
    const text = entries.get(entry.path);
    if (!text) {
      sink.invalid.push({ file, path: entry.path, code: 'missing-in-zip', reason: `listed in ${MANIFEST_PATH} but not in the zip` });
      continue;
    }
    const parsed = await parseItem(text);
    if (!parsed.ok) {
      sink.invalid.push(invalidFile(file, entry.path, parsed));
      continue;
    }
    const problem = await integrityProblem(entry, parsed.bytes, parsed.item);
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

async function parseItem(entry: EntryText): Promise<Parsed> {
  if (entry.text === null) {
    const issues = entry.code === 'invalid-file' ? [{ path: '', message: entry.reason }] : [];
    return { ok: false, code: entry.code, reason: entry.reason, issues };
  }
  const parsed = parseSystemFile(entry.text);
  if (!parsed.ok) return { ok: false, code: 'invalid-file', reason: formatIssues(parsed.issues), issues: parsed.issues };
  const { record, text } = parsed;
  const item = { record, text, kind: kindOfAccessMode(record.accessMode), name: record.name, contentHash: await contentHash(record) };
  // The text holds the exact bytes (a BOM kept), so encoding it again gives what a manifest hashed.
  return { ok: true, item, bytes: new TextEncoder().encode(entry.text) };
}

function parseManifest(entry: EntryText): ReturnType<typeof validateManifest> {
  if (entry.text === null) return { ok: false, issues: [{ path: '', message: `not readable JSON (${entry.reason})` }] };
  let value: unknown;
  try {
    value = JSON.parse(entry.text.replace(/^\uFEFF/, ''));
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

/**
 * Reads what the admin chose to import: our bundle zips, native system files (`.json` or no extension,
 * pretty or minified, with or without BOM), several at once. Every file is validated; invalid ones are
 * listed with path and reason and left out. Bundle files are checked against the manifest's hashes.
 *
 * A zip without `manifest.json` (e.g. native exports zipped by hand) is read as plain system files with
 * integrity `unchecked`, and a note says so. Its entries that are not system files (a `.txt`, an image, text
 * that is not JSON) are listed as ignored, OS junk (`__MACOSX/`, `.DS_Store`) is skipped silently, and a zip
 * holding no system file at all is named as neither a bundle nor a zip of console exports. A zip whose
 * `manifest.json` is invalid is refused as a whole: it claims to be a bundle but its hashes can't be
 * trusted, so each of its files is listed as invalid.
 *
 * Reasons are shown after the file name (`bad.json: holds a JSON array, …`), first a plain sentence that
 * says what to do, then the validator's issues (JSON pointer and reason) one per line where they help.
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
/** `foreign`: valid JSON that is no system at all (an array, another kind of object): not a damaged export. */
type Parsed =
  | { ok: true; item: Omit<ImportItem, 'key' | 'file' | 'path' | 'integrity'>; bytes: Uint8Array }
  | { ok: false; code: 'invalid-file' | 'too-large'; reason: string; issues: ValidationIssue[]; foreign?: boolean };

/** Keys every system export has; a JSON object with neither of the first two is something else. */
const SYSTEM_KEYS = ['connectorTypeString', 'accessMode', 'name'] as const;
/** Files an OS adds to a zip (macOS resource forks, Finder and Explorer metadata): skipped silently. */
const OS_JUNK = /(^|\/)(__MACOSX\/|\._[^/]*$|\.DS_Store$|Thumbs\.db$|desktop\.ini$)/i;
/** Ignored files of one zip listed one by one; more are summed up in one line. */
const MAX_IGNORED_LISTED = 10;

const NOT_A_ZIP = 'is not a zip archive (damaged or not a zip): export the systems again or choose the bundle file itself';
const EMPTY_ZIP = 'is an empty zip: export the systems again or choose the bundle file itself';
const FOREIGN_ZIP = `is neither an IPS Snapshots bundle (no ${MANIFEST_PATH}) nor a zip of console export files: choose the bundle the extension saved, or the .json files exported from the console`;
const ONE_OBJECT = 'export files hold one system as an object';

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
    // A name ending in .zip whose bytes are no zip: whatever the bytes are, the admin meant a zip.
    if (extensionOf(file.name) === 'zip') sink.invalid.push({ file: file.name, code: 'bad-zip', reason: NOT_A_ZIP });
    else {
      const other = notSystemFile(file.name, file);
      const reason = other ? `is not a system file (${other}): choose the .json files exported from the console or a bundle zip` : parsed.reason;
      sink.invalid.push(invalidFile(file.name, undefined, { ...parsed, reason }));
    }
    return;
  }
  addItem(sink, { ...parsed.item, file: file.name, integrity: 'unchecked' });
}

async function readZip(file: Extract<ImportInput, { type: 'zip' }>, sink: Sink): Promise<void> {
  const unsafe: InvalidFile[] = file.unsafe.map(({ path, reason }) => ({ file: file.name, path, code: 'unsafe-path', reason: `${reason}; not read` }));
  const entries = new Map<string, EntryText>(file.entries.filter(({ path }) => !OS_JUNK.test(path)).map(({ path, ...entry }) => [path, entry]));
  const manifestEntry = entries.get(MANIFEST_PATH);
  if (!manifestEntry) {
    await readPlainZip(file.name, entries, unsafe, sink);
    return;
  }
  sink.invalid.push(...unsafe);
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

/** A zip without manifest: its system files are read unchecked, other files are listed as ignored. */
async function readPlainZip(file: string, entries: Map<string, EntryText>, unsafe: InvalidFile[], sink: Sink): Promise<void> {
  if (entries.size === 0 && unsafe.length === 0) {
    sink.invalid.push({ file, code: 'invalid-file', reason: EMPTY_ZIP });
    return;
  }
  const invalid: InvalidFile[] = [];
  const ignored: string[] = [];
  let read = 0;
  let damaged = 0;
  for (const [path, entry] of entries) {
    const other = notSystemFile(path, entry);
    if (other) {
      ignored.push(path);
      if (ignored.length <= MAX_IGNORED_LISTED) invalid.push({ file, path, code: 'invalid-file', reason: `not a system file (${other}), ignored` });
      continue;
    }
    const parsed = await parseItem(entry);
    if (parsed.ok) {
      addItem(sink, { ...parsed.item, file, path, integrity: 'unchecked' });
      read++;
      continue;
    }
    if (!parsed.foreign) damaged++;
    invalid.push(invalidFile(file, path, parsed));
  }
  if (ignored.length > MAX_IGNORED_LISTED) {
    const more = ignored.length - MAX_IGNORED_LISTED;
    invalid.push({ file, code: 'invalid-file', reason: `${more} more file${more === 1 ? ' is' : 's are'} not system files, ignored` });
  }
  // Nothing read and nothing that looks like a damaged export: this zip is something else altogether.
  if (read === 0 && damaged === 0) sink.invalid.push({ file, code: 'invalid-file', reason: FOREIGN_ZIP });
  else sink.notes.push(`${file} has no ${MANIFEST_PATH}: its files were read as plain system files, without an integrity check`);
  sink.invalid.push(...unsafe, ...invalid);
}

/** Why a file is no system file at all (by extension or content), or null when it should be parsed as one. */
function notSystemFile(path: string, entry: EntryText): string | null {
  const extension = extensionOf(path);
  if (extension === 'json' || (entry.text !== null && /^\uFEFF?\s*[[{]/.test(entry.text))) return null;
  if (extension) return `.${extension}`;
  // Without an extension only the content tells: undecodable or oversized ones keep the decoder's reason.
  return entry.text === null ? null : 'not JSON';
}

/**
 * The lower-case extension of the last path segment, or ''. System names may hold dots ("Target v1.2"):
 * an extension starts with a letter, so a version number is never taken for one.
 */
function extensionOf(path: string): string {
  const match = /\.([A-Za-z][A-Za-z0-9]{0,7})$/.exec(path.slice(path.lastIndexOf('/') + 1));
  return match && match.index > 0 ? match[1]!.toLowerCase() : '';
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
  if (!parsed.ok) return { ok: false, code: 'invalid-file', issues: parsed.issues, ...explainInvalid(entry.text, parsed.issues) };
  const { record, text } = parsed;
  const item = { record, text, kind: kindOfAccessMode(record.accessMode), name: record.name, contentHash: await contentHash(record) };
  // The text holds the exact bytes (a BOM kept), so encoding it again gives what a manifest hashed.
  return { ok: true, item, bytes: new TextEncoder().encode(entry.text) };
}

/**
 * A plain sentence for a text that is not a valid system file. Syntax problems (line, column) and empty
 * files keep the validator's own words; for valid JSON the sentence says what the file holds instead.
 */
function explainInvalid(text: string, issues: ValidationIssue[]): { reason: string; foreign: boolean } {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return { reason: formatIssues(issues), foreign: false };
  }
  if (Array.isArray(value)) return { reason: `holds a JSON array, not one exported system: ${ONE_OBJECT}`, foreign: true };
  if (value === null || typeof value !== 'object') {
    return { reason: `holds a JSON ${value === null ? 'null' : typeof value}, not an exported system: ${ONE_OBJECT}`, foreign: true };
  }
  const has = (key: string) => Object.prototype.hasOwnProperty.call(value, key);
  const details = `\n${formatIssues(issues)}`;
  if (!has('connectorTypeString') && !has('accessMode')) {
    const missing = SYSTEM_KEYS.filter((key) => !has(key)).join(' / ');
    return { reason: `is not an Identity Provisioning system export (no ${missing}): choose the .json files exported from the console${details}`, foreign: true };
  }
  return { reason: `is not a valid system export: fix the file or export the system again${details}`, foreign: false };
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

/**
 * The first step of an import, run where the files are (the content script): bytes → texts. A zip is
 * unpacked here (safeUnzip), so that messages to the background carry decoded texts, never zip bytes.
 * Nothing here validates or hashes (that needs ajv, which stays out of the content script); a text that
 * can't be decoded travels as a reason instead, with the same wording the validator would use.
 */
import { isZip, safeUnzip, ZIP_LIMITS, type ZipLimits } from './unzip.ts';

export interface ReadLimits extends ZipLimits {
  /** Size of one system file (single or inside a zip). */
  maxFileBytes: number;
}

export const READ_LIMITS: ReadLimits = { ...ZIP_LIMITS, maxFileBytes: 10_000_000 };

/** One file's content: its UTF-8 text (a BOM kept as U+FEFF), or why it has none. */
export type EntryText =
  | { text: string }
  | { text: null; code: 'invalid-file' | 'too-large'; reason: string };

export type ImportInput =
  | ({ name: string; type: 'file' } & EntryText)
  | { name: string; type: 'zip'; entries: Array<{ path: string } & EntryText>; unsafe: Array<{ path: string; reason: string }> }
  | { name: string; type: 'refused'; code: 'too-large' | 'bad-zip'; reason: string };

export function toImportInput(name: string, bytes: Uint8Array, limits: ReadLimits = READ_LIMITS): ImportInput {
  if (!isZip(bytes) && !isEmptyZip(bytes)) return { name, type: 'file', ...decodeEntry(bytes, limits) };
  const unzipped = safeUnzip(bytes, limits);
  if (!unzipped.ok) return { name, type: 'refused', code: unzipped.code, reason: unzipped.reason };
  const entries = [...unzipped.entries].map(([path, entry]) => ({ path, ...decodeEntry(entry, limits) }));
  return { name, type: 'zip', entries, unsafe: unzipped.unsafe };
}

/** A zip without entries is only its end-of-central-directory record (`PK\x05\x06`, 22 bytes or a comment more). */
function isEmptyZip(bytes: Uint8Array): boolean {
  return bytes.length >= 22 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x05 && bytes[3] === 0x06;
}

export function decodeEntry(bytes: Uint8Array, limits: Pick<ReadLimits, 'maxFileBytes'> = READ_LIMITS): EntryText {
  if (bytes.length > limits.maxFileBytes) {
    return { text: null, code: 'too-large', reason: `the file has ${bytes.length} bytes; at most ${limits.maxFileBytes} are read` };
  }
  // A UTF-16 file (Windows "Unicode") is a common way to break an export by re-saving it.
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { text: null, code: 'invalid-file', reason: 'the file is UTF-16 encoded; save it as UTF-8 and try again' };
  }
  try {
    // ignoreBOM keeps a BOM in the text, so the text encodes back to the exact bytes (manifest hashes).
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes) };
  } catch {
    return { text: null, code: 'invalid-file', reason: 'the file is not valid UTF-8 text; is it really an exported system (.json)?' };
  }
}

/** Reads the admin's files (File objects of a drop or a file input) into inputs for the background. */
export async function readInputFiles(files: Iterable<File>, limits: ReadLimits = READ_LIMITS): Promise<ImportInput[]> {
  const inputs: ImportInput[] = [];
  for (const file of files) {
    if (file.size > Math.max(limits.maxZipBytes, limits.maxFileBytes)) {
      inputs.push({ name: file.name, type: 'refused', code: 'too-large', reason: `the file has ${file.size} bytes; at most ${limits.maxZipBytes} are read` });
      continue;
    }
    inputs.push(toImportInput(file.name, new Uint8Array(await file.arrayBuffer()), limits));
  }
  return inputs;
}

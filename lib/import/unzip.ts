/**
 * Unzipping an untrusted file: fflate's `unzipSync` with a filter that refuses the whole zip before
 * anything is inflated when it has too many entries or declares too many bytes (a zip bomb), and skips
 * entries whose names are path tricks. fflate inflates into a buffer of the declared size, so a lying
 * size can't make it allocate more than the limit.
 */
import { unzipSync, type UnzipFileInfo } from 'fflate';

export interface ZipLimits {
  /** Size of the zip file itself. */
  maxZipBytes: number;
  maxEntries: number;
  /** Sum of the declared uncompressed sizes of all entries read. */
  maxTotalBytes: number;
}

export const ZIP_LIMITS: ZipLimits = { maxZipBytes: 50_000_000, maxEntries: 2_000, maxTotalBytes: 50_000_000 };

export type UnzipResult =
  | { ok: true; entries: Map<string, Uint8Array>; unsafe: Array<{ path: string; reason: string }> }
  | { ok: false; code: 'too-large' | 'bad-zip'; reason: string };

class Refused extends Error {}

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

export function safeUnzip(bytes: Uint8Array, limits: ZipLimits = ZIP_LIMITS): UnzipResult {
  if (bytes.length > limits.maxZipBytes) {
    return { ok: false, code: 'too-large', reason: `the zip has ${bytes.length} bytes; at most ${limits.maxZipBytes} are read` };
  }
  const unsafe: Array<{ path: string; reason: string }> = [];
  const seen = new Set<string>();
  let count = 0;
  let total = 0;
  const filter = (info: UnzipFileInfo): boolean => {
    if (++count > limits.maxEntries) throw new Refused(`the zip has more than ${limits.maxEntries} entries`);
    if (info.name.endsWith('/')) return false;
    const problem = pathProblem(info.name) ?? (seen.has(info.name.toLowerCase()) ? 'the name occurs twice in the zip' : null);
    seen.add(info.name.toLowerCase());
    if (problem) {
      unsafe.push({ path: info.name, reason: problem });
      return false;
    }
    total += Math.max(info.originalSize, info.size);
    if (total > limits.maxTotalBytes) throw new Refused(`the zip unpacks to more than ${limits.maxTotalBytes} bytes`);
    return true;
  };
  try {
    const files = unzipSync(bytes, { filter });
    return { ok: true, entries: new Map(Object.entries(files)), unsafe };
  } catch (error) {
    if (error instanceof Refused) return { ok: false, code: 'too-large', reason: `${error.message}; not read (zip bomb guard)` };
    return { ok: false, code: 'bad-zip', reason: `the zip is damaged and can't be read (${(error as Error).message})` };
  }
}

/** Names that could escape a folder or confuse a lookup are never read. */
function pathProblem(path: string): string | null {
  if (/[\u0000-\u001f\u007f]/.test(path)) return 'the name contains control characters';
  if (path.includes('\\')) return 'the name contains a backslash';
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'the name is an absolute path';
  if (path.split('/').some((segment) => segment === '..' || segment === '.')) return 'the name contains "." or ".." segments';
  if (path === '__proto__') return 'the name is reserved';
  return null;
}

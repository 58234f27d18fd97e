/**
 * File names inside a bundle and of the bundle itself. Names must survive every file system the admin
 * may unzip into (Windows included): no reserved characters, no trailing dot or space, no device names,
 * unique case-insensitively.
 */
const RESERVED = /[\\/:*?"<>|\u0000-\u001f\u007f]/g;
const DEVICE = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])$/i;

export function safeFileStem(name: string, fallback = 'system'): string {
  let stem = name.normalize('NFC').replace(RESERVED, '_').replace(/\s+/g, ' ').trim().replace(/[. ]+$/, '');
  if (!stem) stem = fallback;
  if (DEVICE.test(stem)) stem = `_${stem}`;
  return stem.slice(0, 120);
}

/** Hands out unique names within one folder (case-insensitive), adding " (2)", " (3)"… */
export class UniqueNames {
  private used = new Set<string>();

  take(stem: string, extension: string): string {
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? `${stem}${extension}` : `${stem} (${n})${extension}`;
      const key = candidate.toLowerCase();
      if (!this.used.has(key)) {
        this.used.add(key);
        return candidate;
      }
    }
  }
}

/** `<tenant>_<yyyy-mm-dd_hhmmss>.zip` in local time, the tenant made filename-safe (no `:`). */
export function bundleFileName(origin: string, at: Date): string {
  const host = new URL(origin).host.replace(/:/g, '_');
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${at.getFullYear()}-${p(at.getMonth() + 1)}-${p(at.getDate())}_${p(at.getHours())}${p(at.getMinutes())}${p(at.getSeconds())}`;
  return `${safeFileStem(host, 'tenant')}_${stamp}.zip`;
}

import { downloadInPage } from '@/lib/bundle/write';
import type { StoreBackup, StoreImportResult } from '@/lib/snapshots/backup';

/** The options page's side of backup / restore: a JSON file out, a JSON file in; the background checks it. */
export function backupFileName(at: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `ips-snapshots-backup_${at.getFullYear()}-${p(at.getMonth() + 1)}-${p(at.getDate())}_${p(at.getHours())}${p(at.getMinutes())}${p(at.getSeconds())}.json`;
}

export async function saveBackup(exportStore: () => Promise<StoreBackup>, now = new Date()): Promise<{ fileName: string; snapshots: number; omitted: number }> {
  const backup = await exportStore();
  const fileName = backupFileName(now);
  downloadInPage(new TextEncoder().encode(JSON.stringify(backup)), fileName, 'application/json');
  return { fileName, snapshots: backup.snapshots.length, omitted: backup.omitted.length };
}

export async function readBackup(file: Blob & { name?: string }): Promise<unknown> {
  const text = await file.text();
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch (e) {
    throw new Error(`${file.name ?? 'The file'} is not a backup of IPS Snapshots (not JSON: ${(e as Error).message}). Nothing was imported.`);
  }
}

export function describeImport(r: StoreImportResult): string {
  const parts = [`${r.added} snapshot${r.added === 1 ? '' : 's'} added`, `${r.duplicates} already there`, `${r.recordsAdded} new record${r.recordsAdded === 1 ? '' : 's'}`];
  return `Backup restored: ${parts.join(', ')}.`;
}

import type { SnapshotTrigger } from '@/lib/messaging/protocol';

/** How the popup and options pages show numbers, times and triggers (English, the console's locale aside). */
const UNITS = ['B', 'kB', 'MB', 'GB', 'TB'];

export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '–';
  let value = n;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${UNITS[unit]}`;
}

const DATE_TIME = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });

export function formatTime(iso: string): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : DATE_TIME.format(at);
}

/** "just now", "5 min ago", "3 h ago", "2 days ago", else the date. */
export function formatAgo(iso: string, now = Date.now()): string {
  const ms = now - Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  const min = Math.floor(ms / 60_000);
  if (min < 1) return 'just now';
  if (min < 60) return `${min} min ago`;
  const h = Math.round(min / 60);
  if (h < 24) return `${h} h ago`;
  const days = Math.round(h / 24);
  if (days < 14) return `${days} day${days === 1 ? '' : 's'} ago`;
  return formatTime(iso).replace(/,.*$/, '');
}

export const TRIGGER_LABEL: Record<SnapshotTrigger, string> = {
  export: 'Export',
  selection: 'Export (chosen systems)',
  manual: 'Snapshot now',
  'pre-write': 'Before a write',
  scheduled: 'Scheduled',
  import: 'Import',
};

/** The tenant as the admin knows it: its host (with a port only when it has one). */
export function hostOf(origin: string): string {
  try {
    return new URL(origin).host;
  } catch {
    return origin;
  }
}

export function plural(n: number, singular: string, many = `${singular}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? singular : many}`;
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

import { SYSTEM_KINDS, type SystemFile, type SystemKind } from '@/lib/model/system';
import type { IngestFailure, IngestFile, IngestRequest, RequestOf, SnapshotTrigger } from '@/lib/messaging/protocol';
import { checkers } from '@/lib/messaging/check';
import { StoreError } from './errors.ts';

/**
 * Shapes of incoming store messages, checked before use: a content script runs next to the console's
 * page and is trusted less than the background. Each parser returns a fresh object with known fields only.
 */
const TRIGGERS: readonly SnapshotTrigger[] = ['export', 'selection', 'manual', 'pre-write', 'scheduled', 'import'];
const MAX_SYSTEMS = 2000;
const MAX_FILE_CHARS = 5_000_000;

const check = checkers((message) => new StoreError(message, 'BAD_REQUEST'), MAX_SYSTEMS);
const { bad, obj, str, int, bool, arr } = check;

const opt = <T>(v: unknown, parse: (v: unknown) => T): T | undefined => (v === undefined ? undefined : parse(v));
const nullable = <T>(v: unknown, parse: (v: unknown) => T): T | null | undefined => (v === null ? null : opt(v, parse));

const kind = (v: unknown, what: string): SystemKind => check.oneOf(v, SYSTEM_KINDS, what);

export const origin = (v: unknown, what = 'origin'): string => check.origin(v, what);

export function parseIngest(v: unknown): IngestRequest {
  const r = obj(v, 'the export');
  if (!TRIGGERS.includes(r.trigger as SnapshotTrigger) || r.trigger === 'pre-write') throw bad('trigger', `must be one of export, manual, scheduled, import`);
  const files = arr(r.files, 'files').map((f, i): IngestFile => {
    const o = obj(f, `files/${i}`);
    return { kind: kind(o.kind, `files/${i}/kind`), id: str(o.id, `files/${i}/id`, 200), name: str(o.name, `files/${i}/name`, 500), text: str(o.text, `files/${i}/text`, MAX_FILE_CHARS) };
  });
  const failed = arr(r.failed, 'failed').map((f, i): IngestFailure => {
    const o = obj(f, `failed/${i}`);
    return { kind: kind(o.kind, `failed/${i}/kind`), id: str(o.id, `failed/${i}/id`, 200), name: str(o.name, `failed/${i}/name`, 500), reason: str(o.reason, `failed/${i}/reason`) };
  });
  const kinds = arr(r.kinds, 'kinds', 3).map((k, i) => kind(k, `kinds/${i}`));
  const skipIfUnchanged = opt(r.skipIfUnchanged, (x) => bool(x, 'skipIfUnchanged'));
  return {
    origin: origin(r.origin),
    trigger: r.trigger as SnapshotTrigger,
    kinds: [...new Set(kinds)],
    files,
    failed,
    store: bool(r.store, 'store'),
    ...(skipIfUnchanged ? { skipIfUnchanged } : {}),
  };
}

export function parseList(v: unknown): RequestOf<'snapshots.list'> {
  const r = v === undefined ? {} : obj(v, 'the query');
  return { origin: opt(r.origin, origin), offset: opt(r.offset, (x) => int(x, 'offset')), limit: opt(r.limit, (x) => int(x, 'limit', 1, 500)) };
}

export function parseId(v: unknown): { id: number } {
  return { id: int(obj(v, 'the request').id, 'id', 1) };
}

export function parseRecords(v: unknown): RequestOf<'snapshots.records'> {
  const r = obj(v, 'the request');
  const systems = opt(r.systems, (x) => arr(x, 'systems').map((s, i) => str(s, `systems/${i}`, 200)));
  return { id: int(r.id, 'id', 1), systems, allowDamaged: opt(r.allowDamaged, (x) => bool(x, 'allowDamaged')) };
}

export function parsePreImage(v: unknown): RequestOf<'snapshots.preImage'> {
  const r = obj(v, 'the pre-image');
  const records = arr(r.records, 'records').map((x, i) => obj(x, `records/${i}`) as SystemFile);
  if (!records.length) throw bad('records', 'must name at least one system');
  return { origin: origin(r.origin), records, note: opt(r.note, (x) => str(x, 'note', 2000)) };
}

export function parseUpdate(v: unknown): RequestOf<'snapshots.update'> {
  const r = obj(v, 'the change');
  const pinned = opt(r.pinned, (x) => bool(x, 'pinned'));
  return { id: int(r.id, 'id', 1), pinned, label: nullable(r.label, (x) => str(x, 'label', 200)), note: nullable(r.note, (x) => str(x, 'note', 2000)) };
}

export function parseDelete(v: unknown): RequestOf<'snapshots.delete'> {
  return { ids: arr(obj(v, 'the request').ids, 'ids', 1000).map((x, i) => int(x, `ids/${i}`, 1)) };
}

export function parseSettings(v: unknown): RequestOf<'settings.set'> {
  const r = obj(v, 'the settings');
  const s = opt(r.scheduled, (x) => obj(x, 'scheduled'));
  return {
    retention: r.retention as number | undefined,
    scheduled: s && { enabled: s.enabled as boolean | undefined, intervalMinutes: s.intervalMinutes as number | undefined },
  };
}

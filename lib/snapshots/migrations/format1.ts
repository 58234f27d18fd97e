import { SYSTEM_KINDS } from '@/lib/model/system';
import type { Db, EntryV1, Manifest, ManifestV1 } from '../db.ts';
import { MANIFEST_FORMAT, isOk, planBody, refsOf, scopeOf, sealOf, sortEntries, type Entry } from '../format.ts';

/**
 * Format 1 → 2 (DB version 1 → 2, tests/fixtures/store-v1): full lists become keyframes and deltas,
 * chained per tenant and scope in time order; each gets a seal over what was stored and keeps its id,
 * so ids the admin has seen stay valid. Records are unchanged. A format-1 manifest that does not
 * validate is kept, empty and marked damaged, never silently repaired.
 */
export async function migrateFormat1(database: Db): Promise<void> {
  const old = (await database.getAllFromIndex('snapshots', 'byFormat', 1)) as ManifestV1[];
  const sizes = await recordSizes(database, old);
  const groups = new Map<string, ManifestV1[]>();
  for (const m of [...old].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id! - b.id!)) {
    const scope = scopeOf(Array.isArray(m.kinds) ? m.kinds : [], m.trigger);
    groups.set(`${m.origin}\n${scope}`, [...(groups.get(`${m.origin}\n${scope}`) ?? []), m]);
  }
  const migrated: Manifest[] = [];
  for (const group of groups.values()) {
    let parent: { id: number; depth: number; entries: Entry[] } | null = null;
    for (const m of group) {
      const next = await toFormat2(m, parent, sizes);
      migrated.push(next);
      parent = next.damage ? null : { id: m.id!, depth: next.depth, entries: sortEntries(entriesOf(m)!) };
    }
  }
  const tx = database.transaction('snapshots', 'readwrite');
  for (const m of migrated) {
    // Another worker instance may have migrated it meanwhile: migrate each manifest once.
    if ((await tx.store.get(m.id!))?.format === 1) await tx.store.put(m);
  }
  await tx.done;
}

async function toFormat2(m: ManifestV1, parent: { id: number; depth: number; entries: Entry[] } | null, sizes: Map<string, number>): Promise<Manifest> {
  const entries = entriesOf(m);
  const { body, depth } = planBody(entries ?? [], entries ? parent : null);
  const oks = (entries ?? []).filter(isOk);
  return {
    id: m.id,
    format: MANIFEST_FORMAT,
    origin: String(m.origin),
    tenantId: typeof m.tenantId === 'string' ? m.tenantId : null,
    createdAt: String(m.createdAt),
    trigger: m.trigger,
    extensionVersion: String(m.extensionVersion),
    kinds: Array.isArray(m.kinds) ? m.kinds : [],
    scope: scopeOf(Array.isArray(m.kinds) ? m.kinds : [], m.trigger),
    label: typeof m.label === 'string' ? m.label : null,
    note: typeof m.note === 'string' ? m.note : null,
    pinned: m.pinned === true,
    counts: { ok: oks.length, failed: (entries ?? []).length - oks.length },
    size: oks.reduce((sum, e) => sum + (sizes.get(e.record) ?? 0), 0),
    // An unreadable format-1 manifest gets a seal nothing matches, so it stays damaged on every read.
    seal: entries ? await sealOf(m, entries) : 'unreadable-format-1',
    depth,
    refs: refsOf(body),
    damage: entries ? null : ['This snapshot was stored by an older version of the extension and its list of systems could not be read.'],
    ...body,
  };
}

function entriesOf(m: ManifestV1): Entry[] | null {
  if (!Array.isArray(m.systems) || !m.systems.every(isEntryV1)) return null;
  return m.systems.map((s): Entry =>
    s.status === 'ok'
      ? { kind: s.kind, id: s.id, name: s.name, type: s.connectorTypeString, contentHash: s.contentHash, record: s.recordHash }
      : { kind: s.kind, id: s.id, name: s.name, status: 'failed', reason: s.reason },
  );
}

function isEntryV1(s: unknown): s is EntryV1 {
  const e = s as Record<string, unknown> | null;
  if (!e || typeof e.id !== 'string' || typeof e.name !== 'string' || !SYSTEM_KINDS.includes(e.kind as never)) return false;
  if (e.status === 'failed') return typeof e.reason === 'string';
  return e.status === 'ok' && [e.connectorTypeString, e.contentHash, e.recordHash].every((v) => typeof v === 'string');
}

async function recordSizes(database: Db, manifests: ManifestV1[]): Promise<Map<string, number>> {
  const hashes = new Set(manifests.flatMap((m) => (Array.isArray(m.systems) ? m.systems : []).flatMap((s) => (s?.status === 'ok' ? [s.recordHash] : []))));
  const tx = database.transaction('records');
  const sizes = new Map<string, number>();
  for (const h of hashes) {
    const r = typeof h === 'string' ? await tx.store.get(h) : undefined;
    if (r) sizes.set(h, r.size);
  }
  await tx.done;
  return sizes;
}

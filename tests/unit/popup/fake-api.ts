import { vi } from 'vitest';
import type { SnapshotDetail, SnapshotRecords, SnapshotSummary, SnapshotSystem, StorageInfo, TenantSummary } from '@/lib/messaging/protocol';
import type { SystemFile, SystemKind } from '@/lib/model/system';
import type { RestoreRequest } from '@/lib/import/messages';
import type { ConsoleTab, PopupApi } from '@/lib/popup/api';

export const ORIGIN = 'https://t1.accounts.ondemand.com';
export const OTHER = 'https://t2.accounts.cloud.sap';

export function summary(id: number, over: Partial<SnapshotSummary> = {}): SnapshotSummary {
  return {
    id,
    origin: ORIGIN,
    tenantId: 'tenant-1',
    createdAt: new Date(Date.UTC(2025, 10, 1) + id * 60_000).toISOString(),
    trigger: 'export',
    kinds: ['source', 'target', 'proxy'],
    systemCount: 3,
    failedCount: 0,
    pinned: false,
    label: null,
    note: null,
    size: 12_345,
    damaged: false,
    damage: [],
    ...over,
  };
}

export function record(name: string, kind: SystemKind, props: Record<string, string> = {}, id = `id-${name}`): SystemFile {
  const accessMode = kind === 'source' ? 'READ' : kind === 'target' ? 'WRITE' : 'PROXY';
  return { id, name, accessMode, connectorTypeString: 'SCIM', properties: { URL: 'https://x.example.com', ...props } } as SystemFile;
}

/** A stored snapshot as the fake background holds it: its summary and its records (hash = name + props). */
export interface FakeSnapshot {
  summary: SnapshotSummary;
  records: SystemFile[];
  failed?: Array<{ kind: SystemKind; id: string; name: string; reason: string }>;
  problems?: string[];
}

const hashOf = (r: SystemFile) => `h:${JSON.stringify(r)}`;
const contentOf = (r: SystemFile) => `c:${JSON.stringify({ ...r, id: undefined })}`;

export function systemsOf(s: FakeSnapshot): SnapshotSystem[] {
  const kindOf = (r: SystemFile): SystemKind => (r.accessMode === 'READ' ? 'source' : r.accessMode === 'WRITE' ? 'target' : 'proxy');
  return [
    ...s.records.map((r): SnapshotSystem => ({ status: 'ok', kind: kindOf(r), id: String(r.id ?? ''), name: r.name, connectorTypeString: r.connectorTypeString, contentHash: contentOf(r), recordHash: hashOf(r) })),
    ...(s.failed ?? []).map((f): SnapshotSystem => ({ status: 'failed', ...f })),
  ];
}

export interface FakeApi extends PopupApi {
  snapshots: Map<number, FakeSnapshot>;
  calls: { list: Array<[number, number]>; records: Array<[number, string[] | undefined]>; restore: Array<[number, RestoreRequest]> };
  /** The open console tabs `consoleTabs` answers with; tests may change them ("Check again"). */
  tabs: ConsoleTab[];
}

/** An in-memory background; every method is a vi.fn so tests can count and stub. */
export function fakeApi(snapshots: FakeSnapshot[], options: { live?: number | null; active?: string | null; tabs?: ConsoleTab[] } = {}): FakeApi {
  const store = new Map(snapshots.map((s) => [s.summary.id, s]));
  const calls: FakeApi['calls'] = { list: [], records: [], restore: [] };
  const newestFirst = (origin: string) => [...store.values()].filter((s) => s.summary.origin === origin).sort((a, b) => b.summary.createdAt.localeCompare(a.summary.createdAt));
  const found = (id: number) => {
    const s = store.get(id);
    if (!s) throw new Error(`Snapshot #${id} does not exist (it may have been deleted).`);
    return s;
  };
  const detail = (id: number): SnapshotDetail => {
    const s = found(id);
    return { snapshot: s.summary, systems: systemsOf(s), integrity: { damaged: !!s.problems?.length, problems: s.problems ?? [] } };
  };
  const api: FakeApi = {
    snapshots: store,
    calls,
    tabs: [...(options.tabs ?? [])],
    tenants: vi.fn(async (): Promise<TenantSummary[]> => {
      const origins = [...new Set([...store.values()].map((s) => s.summary.origin))];
      return origins.map((origin) => {
        const list = newestFirst(origin);
        return { origin, tenantId: list[0]!.summary.tenantId, count: list.length, lastCreatedAt: list[0]!.summary.createdAt };
      });
    }),
    list: vi.fn(async (origin: string, offset: number, limit: number) => {
      calls.list.push([offset, limit]);
      const list = newestFirst(origin);
      return { total: list.length, items: list.slice(offset, offset + limit).map((s) => s.summary) };
    }),
    get: vi.fn(async (id: number) => detail(id)),
    records: vi.fn(async (id: number, systems: string[] | undefined): Promise<SnapshotRecords> => {
      calls.records.push([id, systems]);
      const d = detail(id);
      const s = found(id);
      const oks = d.systems.filter((x): x is Extract<SnapshotSystem, { status: 'ok' }> => x.status === 'ok' && (!systems || systems.includes(x.id)));
      return { snapshot: d.snapshot, integrity: d.integrity, records: oks.map((system) => ({ system, record: s.records.find((r) => hashOf(r) === system.recordHash) ?? null, problem: null })) };
    }),
    update: vi.fn(async (id: number, patch: { pinned?: boolean; label?: string | null }) => {
      const s = found(id);
      s.summary = { ...s.summary, ...(patch.pinned === undefined ? {} : { pinned: patch.pinned }), ...(patch.label === undefined ? {} : { label: patch.label }) };
      return s.summary;
    }),
    remove: vi.fn(async (id: number) => void store.delete(id)),
    storage: vi.fn(async (): Promise<StorageInfo> => ({ usage: 2_500_000, quota: 10_000_000_000, persisted: false, unlimitedStorage: true, snapshots: store.size, records: 10, recordBytes: 1_000_000 })),
    activeOrigin: vi.fn(async () => options.active ?? null),
    findConsoleTab: vi.fn(async () => options.live ?? null),
    snapshotLive: vi.fn(async () => ({ snapshotId: 0, reused: false })),
    consoleTabs: vi.fn(async () => [...api.tabs]),
    startRestore: vi.fn(async (tabId: number, request: RestoreRequest) => void calls.restore.push([tabId, request])),
    openConsole: vi.fn(),
    download: vi.fn(async (id: number) => `snapshot-${id}.zip`),
    openOptions: vi.fn(),
    openInTab: vi.fn(),
  };
  return api;
}

/** `count` snapshots of one tenant, ids 1..count (newest has the highest id). */
export function many(count: number, origin = ORIGIN): FakeSnapshot[] {
  const records = [record('A', 'source'), record('B', 'target'), record('C', 'proxy')];
  return Array.from({ length: count }, (_, i) => ({ summary: summary(i + 1, { origin }), records }));
}

import { diffSets, pairInputs, type DiffInput, type Pair } from '@/lib/diff/sets';
import { sideBySideRows, textDiff, type Hunk, type SideBySideRow } from '@/lib/diff/text';
import { diffSystems } from '@/lib/diff/compute';
import type { SetDiff, SystemDiff } from '@/lib/diff/types';
import type { SystemFile } from '@/lib/model/system';
import { isPartialTrigger, type SnapshotDetail, type SnapshotRecords, type SnapshotSystem } from '@/lib/messaging/protocol';

/**
 * Compare two snapshots (issue item 2): of one tenant, systems pair by id first (a rename is a change),
 * across tenants by (kind, name) only (console-contract §6). Systems with equal content hashes are never
 * loaded; the records of the others are fetched in one message per side.
 */
/** `systemIds` undefined: every record of the snapshot. */
export type LoadRecords = (id: number, systemIds: string[] | undefined) => Promise<SnapshotRecords>;

export interface CompareSide {
  detail: SnapshotDetail;
  /** Failed systems of this snapshot have no record and are listed apart, not compared. */
  failed: Array<Extract<SnapshotSystem, { status: 'failed' }>>;
}

export interface Comparison {
  left: CompareSide;
  right: CompareSide;
  sameTenant: boolean;
  diff: SetDiff;
  /** pairs[i] is what diff.systems[i] compares. */
  pairs: Pair[];
  /** What was left out of the comparison and why. */
  notes: string[];
}

/** Fetches records of one snapshot lazily; requests made in the same tick go out as one message. */
export class RecordCache {
  private records = new Map<string, Promise<SystemFile>>();
  private queue = new Map<string, { systemId: string; resolve: (r: SystemFile) => void; reject: (e: unknown) => void }>();

  constructor(
    readonly snapshotId: number,
    private readonly load: LoadRecords,
  ) {}

  get(system: Extract<SnapshotSystem, { status: 'ok' }>): Promise<SystemFile> {
    let found = this.records.get(system.recordHash);
    if (!found) {
      found = new Promise<SystemFile>((resolve, reject) => {
        if (this.queue.size === 0) queueMicrotask(() => void this.flush());
        this.queue.set(system.recordHash, { systemId: system.id, resolve, reject });
      });
      this.records.set(system.recordHash, found);
    }
    return found;
  }

  private async flush(): Promise<void> {
    const batch = [...this.queue];
    this.queue.clear();
    const ids = batch.map(([, q]) => q.systemId);
    try {
      // A template has no id: then the whole snapshot is read once.
      const result = await this.load(this.snapshotId, ids.includes('') ? undefined : [...new Set(ids)]);
      const byHash = new Map(result.records.map((r) => [r.system.recordHash, r]));
      for (const [hash, q] of batch) {
        const r = byHash.get(hash);
        if (r?.record) q.resolve(r.record);
        else q.reject(new Error(r?.problem ?? `Snapshot #${this.snapshotId} has no stored record of system ${q.systemId}.`));
      }
    } catch (e) {
      for (const [hash, q] of batch) {
        this.records.delete(hash);
        q.reject(e);
      }
    }
  }
}

function inputsOf(detail: SnapshotDetail, cache: RecordCache): DiffInput[] {
  return detail.systems.flatMap((s): DiffInput[] =>
    s.status === 'ok' ? [{ kind: s.kind, id: s.id || null, name: s.name, contentHash: s.contentHash, record: () => cache.get(s) }] : [],
  );
}

export function sideOf(detail: SnapshotDetail): CompareSide {
  return { detail, failed: detail.systems.filter((s): s is CompareSide['failed'][number] => s.status === 'failed') };
}

/**
 * What both sides can be compared on: the kinds both snapshots list, and, when one side is a pre-write
 * snapshot (only the systems about to be written), just those systems. Anything else would show as
 * added or removed although it was simply not part of that snapshot.
 */
export function comparableInputs(left: SnapshotDetail, right: SnapshotDetail, l: DiffInput[], r: DiffInput[]): { left: DiffInput[]; right: DiffInput[]; notes: string[] } {
  const notes: string[] = [];
  const [ls, rs] = [left.snapshot, right.snapshot];
  const kinds = ls.kinds.filter((k) => rs.kinds.includes(k));
  if (kinds.length && (kinds.length < ls.kinds.length || kinds.length < rs.kinds.length)) {
    notes.push(`Only ${kinds.join(', ')} systems are compared: the other snapshot does not hold the rest.`);
    [l, r] = [l.filter((i) => kinds.includes(i.kind)), r.filter((i) => kinds.includes(i.kind))];
  }
  const partial = isPartialTrigger(ls.trigger) ? 'left' : isPartialTrigger(rs.trigger) ? 'right' : null;
  if (partial && isPartialTrigger(ls.trigger) !== isPartialTrigger(rs.trigger)) {
    const keep = partial === 'left' ? l : r;
    const keys = new Set(keep.flatMap((i) => [`${i.kind}\n#${i.name}`, ...(i.id ? [`${i.kind}\n${i.id}`] : [])]));
    const within = (i: DiffInput) => keys.has(`${i.kind}\n#${i.name}`) || (!!i.id && keys.has(`${i.kind}\n${i.id}`));
    if (partial === 'left') r = r.filter(within);
    else l = l.filter(within);
    const side = partial === 'left' ? ls : rs;
    const why = side.trigger === 'pre-write' ? 'was taken before a write and holds only the' : 'is an export of chosen systems and holds only the';
    notes.push(`Snapshot #${side.id} ${why} ${keep.length} system(s) ${side.trigger === 'pre-write' ? 'written to' : 'chosen'}; only those are compared.`);
  }
  return { left: l, right: r, notes };
}

export async function compareSnapshots(left: SnapshotDetail, right: SnapshotDetail, caches: [RecordCache, RecordCache], options: { showVolatile?: boolean } = {}): Promise<Comparison> {
  const sameTenant = left.snapshot.origin === right.snapshot.origin;
  const inputs = comparableInputs(left, right, inputsOf(left, caches[0]), inputsOf(right, caches[1]));
  const diff = await diffSets(inputs.left, inputs.right, { matchById: sameTenant, showVolatile: options.showVolatile });
  return { left: sideOf(left), right: sideOf(right), sameTenant, diff, pairs: pairInputs(inputs.left, inputs.right, sameTenant), notes: inputs.notes };
}

export interface SystemView {
  diff: SystemDiff;
  hunks: Hunk[];
  sideBySide: SideBySideRow[][];
}

/** One pair's full view: structured diff and the canonical JSON text diff. */
export async function systemView(pair: Pair, showVolatile: boolean): Promise<SystemView> {
  const load = async (input: DiffInput | null) => (typeof input?.record === 'function' ? input.record() : (input?.record ?? null));
  const [left, right] = await Promise.all([load(pair.left), load(pair.right)]);
  const diff = diffSystems(left, right, { showVolatile });
  const { hunks } = textDiff(left, right, { showVolatile });
  return { diff, hunks, sideBySide: hunks.map(sideBySideRows) };
}

export type StatusFilter = 'changes' | SystemDiff['status'] | 'all';

export function filterSystems(c: Comparison, filter: StatusFilter, query: string): number[] {
  const q = query.trim().toLowerCase();
  const out: number[] = [];
  c.diff.systems.forEach((s, i) => {
    const passes = filter === 'all' || (filter === 'changes' ? s.status !== 'unchanged' : s.status === filter);
    const name = `${s.name.left ?? ''}\n${s.name.right ?? ''}`.toLowerCase();
    if (passes && (!q || name.includes(q))) out.push(i);
  });
  return out;
}

/**
 * Diff of two sets of systems (a live tenant, a bundle, any stored snapshot version). Systems pair by
 * (kind, name) across tenants and, within one tenant, first by id so a rename is one change
 * (console-contract.md §6). Equal contentHashes mean "unchanged" without a deep diff: that is what keeps
 * comparing 200 mostly equal systems cheap, and why records may be given as lazy loaders.
 */
import { SYSTEM_KINDS, type SystemFile, type SystemKind } from '../model/system.ts';
import { diffSystems } from './compute.ts';
import type { DiffOptions, SetDiff, SetTotals, SystemDiff } from './types.ts';

export interface DiffInput {
  kind: SystemKind;
  id?: string | null;
  name: string;
  /** console-contract.md §6 contentHash, as the snapshot store keeps it. */
  contentHash?: string;
  record?: SystemFile | (() => Promise<SystemFile>);
}

export interface SetDiffOptions extends DiffOptions {
  /** Same tenant on both sides: pair by id first, so a renamed system is 'changed', not removed + added. */
  matchById?: boolean;
}

/** Two inputs that are the same system, or one side alone (added / removed). */
export interface Pair {
  kind: SystemKind;
  left: DiffInput | null;
  right: DiffInput | null;
}

type Key = (input: DiffInput) => string | null;
const byId: Key = (input) => (input.id ? `${input.kind}\n${input.id}` : null);
const byName: Key = (input) => `${input.kind}\n${input.name}`;

export function pairInputs(left: readonly DiffInput[], right: readonly DiffInput[], matchById = false): Pair[] {
  const pairs: Pair[] = [];
  let restLeft = [...left];
  let restRight = [...right];
  for (const key of matchById ? [byId, byName] : [byName]) {
    const open = new Map<string, DiffInput[]>();
    for (const input of restRight) {
      const k = key(input);
      if (k === null) continue;
      const queue = open.get(k);
      if (queue) queue.push(input);
      else open.set(k, [input]);
    }
    const matched = new Set<DiffInput>();
    restLeft = restLeft.filter((input) => {
      const k = key(input);
      const partner = k === null ? undefined : open.get(k)?.shift();
      if (!partner) return true;
      matched.add(partner);
      pairs.push({ kind: input.kind, left: input, right: partner });
      return false;
    });
    restRight = restRight.filter((input) => !matched.has(input));
  }
  for (const input of restLeft) pairs.push({ kind: input.kind, left: input, right: null });
  for (const input of restRight) pairs.push({ kind: input.kind, left: null, right: input });
  return pairs.sort(comparePairs);
}

/** Sources, targets, proxies; by name within a kind; plain code-unit order so it is the same everywhere. */
function comparePairs(a: Pair, b: Pair): number {
  const kind = SYSTEM_KINDS.indexOf(a.kind) - SYSTEM_KINDS.indexOf(b.kind);
  if (kind !== 0) return kind;
  const nameA = (a.right ?? a.left)!.name;
  const nameB = (b.right ?? b.left)!.name;
  return nameA < nameB ? -1 : nameA > nameB ? 1 : 0;
}

/** A diff with no detail: equal hashes, or an added/removed system whose record was not given. */
function shallowDiff(pair: Pair, status: SystemDiff['status']): SystemDiff {
  return {
    kind: pair.kind,
    name: { left: pair.left?.name ?? null, right: pair.right?.name ?? null },
    status,
    metadata: [],
    properties: [],
    credentials: { added: [], removed: [] },
    transformations: [],
    unknownKeys: [],
    totals: { metadata: 0, properties: 0, credentials: 0, mappings: 0, other: 0, total: 0 },
  };
}

/** contentHash leaves out volatile fields, so it cannot vouch for them when they are shown. */
function equalByHash(pair: Pair, options: DiffOptions): boolean {
  const hash = pair.left?.contentHash;
  return !options.showVolatile && hash !== undefined && hash === pair.right?.contentHash;
}

type Loaded = SystemFile | null | undefined;

function diffPair(pair: Pair, left: Loaded, right: Loaded, options: DiffOptions): SystemDiff {
  const missing = (pair.left && !left) || (pair.right && !right);
  if (!missing) return diffSystems(left ?? null, right ?? null, options);
  if (!pair.left) return shallowDiff(pair, 'added');
  if (!pair.right) return shallowDiff(pair, 'removed');
  const side = left ? 'right' : 'left';
  throw new Error(
    `Cannot compare ${pair.kind} system "${pair.left.name}": its ${side} record is missing and the content hashes differ. Load that snapshot version and compare again.`,
  );
}

function withTotals(systems: SystemDiff[]): SetDiff {
  const totals: SetTotals = { added: 0, removed: 0, changed: 0, unchanged: 0, changes: 0 };
  for (const system of systems) {
    totals[system.status]++;
    if (system.status === 'changed') totals.changes += system.totals.total;
  }
  return { systems, totals };
}

const isLoader = (input: DiffInput | null) => typeof input?.record === 'function';

async function load(input: DiffInput | null): Promise<Loaded> {
  const record = input?.record;
  return typeof record === 'function' ? record() : record;
}

/** Loads only the records a deep diff needs. */
export async function diffSets(
  left: readonly DiffInput[],
  right: readonly DiffInput[],
  options: SetDiffOptions = {},
): Promise<SetDiff> {
  const pairs = pairInputs(left, right, options.matchById);
  const systems = await Promise.all(
    pairs.map(async (pair) => {
      if (equalByHash(pair, options)) return shallowDiff(pair, 'unchanged');
      // No await when nothing is lazy: a microtask hop per system would cost more than many diffs.
      if (!isLoader(pair.left) && !isLoader(pair.right)) return diffPair(pair, loaded(pair.left), loaded(pair.right), options);
      const [l, r] = await Promise.all([load(pair.left), load(pair.right)]);
      return diffPair(pair, l, r, options);
    }),
  );
  return withTotals(systems);
}

function loaded(input: DiffInput | null): Loaded {
  const record = input?.record;
  if (typeof record === 'function') throw new TypeError(`diffSetsSync: record of "${input!.name}" is a loader; use diffSets`);
  return record;
}

/** For records already in memory (tests, a file against a loaded bundle). */
export function diffSetsSync(left: readonly DiffInput[], right: readonly DiffInput[], options: SetDiffOptions = {}): SetDiff {
  const pairs = pairInputs(left, right, options.matchById);
  const systems = pairs.map((pair) =>
    equalByHash(pair, options) ? shallowDiff(pair, 'unchanged') : diffPair(pair, loaded(pair.left), loaded(pair.right), options),
  );
  return withTotals(systems);
}

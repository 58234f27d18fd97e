/**
 * Benchmark of the diff core (issue item 7): two bundles of 200 systems with ~300-line transformations.
 * (a) every system differs (one property and one mapping each): ours vs jsondiffpatch (goal: faster) and
 *     microdiff (goal: within 2×);
 * (b) 5 of 200 differ: ours, with contentHashes as the snapshot store keeps them, vs both libraries,
 *     which must diff all 200 (goal: faster than both).
 * Prints medians; never asserts times. Run alone with `npx tsx tests/bench/diff.ts`.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { diff as jsondiffpatch } from 'jsondiffpatch';
import microdiff from 'microdiff';
import { contentHash } from '../../lib/canonical/hash.ts';
import { diffSets, type DiffInput } from '../../lib/diff/sets.ts';
import type { SetDiff } from '../../lib/diff/types.ts';
import { kindOfAccessMode, type Mapping, type SystemFile } from '../../lib/model/system.ts';
import { generateSystems } from '../console-sim/generator.ts';

const SYSTEMS = 200;
const TRANSFORMATION_LINES = 300;
const WARMUP = 3;
const RUNS = 15;
const CHANGED_IN_B = [17, 58, 99, 140, 181];

type Entities = Record<string, { mappings: Mapping[] }>;

const lineCount = (value: unknown) => JSON.stringify(value, null, 4).split('\n').length;

/** Pads (with distinct custom-attribute mappings) or trims a generated transformation to ~300 lines. */
function resize(transformation: Entities): void {
  const lists = Object.values(transformation).map((entity) => entity.mappings);
  for (let i = 0; lineCount(transformation) < TRANSFORMATION_LINES; i++) {
    const path = `$['urn:sap:cloud:scim:schemas:extension:custom:2.0:User']['attributes'][${i + 10}]['value']`;
    lists[i % lists.length]!.push({ sourcePath: path, optional: true, targetPath: path });
  }
  for (let i = 0; lineCount(transformation) > TRANSFORMATION_LINES + 5; i++) {
    const list = lists[i % lists.length]!;
    if (list.length > 3) list.pop();
  }
}

function transformationsOf(system: SystemFile): Entities[] {
  const fields = ['transformation', 'readTransformation', 'writeTransformation'] as const;
  return fields.map((field) => system[field] as Entities | undefined).filter((t): t is Entities => t !== undefined);
}

function bundle(): SystemFile[] {
  const systems = generateSystems(SYSTEMS, 2025, []).map(({ system }) => system as unknown as SystemFile);
  for (const system of systems) transformationsOf(system).forEach(resize);
  return systems;
}

/**
 * The same system with one property changed and, in the middle of its first entity, one mapping changed
 * in place or (`insert`) one mapping inserted, which takes the full matching path instead.
 */
function edited(system: SystemFile, insert = false): SystemFile {
  const copy = structuredClone(system);
  copy.properties = { ...copy.properties, 'ips.trace.failed.entity.content': 'edited' };
  const first = Object.values(transformationsOf(copy)[0]!)[0]!.mappings;
  const middle = Math.floor(first.length / 2);
  if (insert) first.splice(middle, 0, { sourcePath: '$.nickName', optional: true, targetPath: '$.nickName' });
  else first[middle]!.optional = !first[middle]!.optional;
  return copy;
}

async function inputs(systems: SystemFile[]): Promise<DiffInput[]> {
  return Promise.all(
    systems.map(async (record) => ({
      kind: kindOfAccessMode(record.accessMode),
      id: record.id,
      name: record.name,
      contentHash: await contentHash(record),
      record,
    })),
  );
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

type Contender = () => unknown;

/** Rounds alternate the contenders so load from other processes on the shared cores hits all alike. */
async function race(contenders: Record<string, Contender>): Promise<Record<string, number>> {
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(contenders).map((name) => [name, []]));
  for (let round = 0; round < WARMUP + RUNS; round++) {
    for (const [name, run] of Object.entries(contenders)) {
      const start = performance.now();
      await run();
      if (round >= WARMUP) times[name]!.push(performance.now() - start);
    }
  }
  return Object.fromEntries(Object.entries(times).map(([name, list]) => [name, median(list)]));
}

const pairwise = (left: SystemFile[], right: SystemFile[], diff: (a: object, b: object) => unknown) => () =>
  left.map((system, i) => diff(system, right[i]!));

/** Prints medians and ours/other ratios; `goals` maps a contender to the ratio ours must stay under. */
function report(title: string, medians: Record<string, number>, goals: Record<string, number> = {}): boolean {
  console.log(`\n${title}`);
  for (const [name, ms] of Object.entries(medians)) console.log(`  ${name.padEnd(14)} ${ms.toFixed(2).padStart(9)} ms (median of ${RUNS})`);
  let met = true;
  for (const other of Object.keys(medians).filter((name) => name !== 'ours')) {
    const ratio = medians.ours! / medians[other]!;
    const limit = goals[other];
    const ok = limit === undefined || ratio < limit;
    met &&= ok;
    const goal = limit === undefined ? '' : `  goal: ${limit === 1 ? 'faster' : `within ${limit}×`}  ${ok ? 'met' : 'NOT met'}`;
    console.log(`  ours/${other} = ${ratio.toFixed(2)}${goal}`);
  }
  return met;
}

function check(diff: SetDiff, changed: number, changes: number): void {
  const { totals } = diff;
  if (totals.changed !== changed || totals.changes !== changes) {
    throw new Error(`benchmark data is not what it claims: ${JSON.stringify(totals)}`);
  }
}

export async function benchDiff(): Promise<void> {
  const left = bundle();
  const rightA = left.map((system) => edited(system));
  const rightB = left.map((system, i) => (CHANGED_IN_B.includes(i) ? rightA[i]! : structuredClone(system)));
  const [leftIn, aIn, bIn] = await Promise.all([inputs(left), inputs(rightA), inputs(rightB)]);
  const lines = left.flatMap(transformationsOf).map(lineCount);
  console.log(`diff benchmark: ${SYSTEMS} systems, transformations of ${Math.min(...lines)}–${Math.max(...lines)} lines`);
  check(await diffSets(leftIn, aIn), SYSTEMS, 2 * SYSTEMS);
  check(await diffSets(leftIn, bIn), CHANGED_IN_B.length, 2 * CHANGED_IN_B.length);

  const a = await race({
    ours: () => diffSets(leftIn, aIn),
    jsondiffpatch: pairwise(left, rightA, jsondiffpatch),
    microdiff: pairwise(left, rightA, microdiff),
  });
  const metA = report('(a) every system different', a, { jsondiffpatch: 1, microdiff: 2 });
  const rightInsert = left.map((system) => edited(system, true));
  const insertIn = await inputs(rightInsert);
  check(await diffSets(leftIn, insertIn), SYSTEMS, 2 * SYSTEMS);
  const a2 = await race({
    ours: () => diffSets(leftIn, insertIn),
    jsondiffpatch: pairwise(left, rightInsert, jsondiffpatch),
    microdiff: pairwise(left, rightInsert, microdiff),
  });
  report("(a') every system different, a mapping inserted (for information: full matching path)", a2);
  const b = await race({
    ours: () => diffSets(leftIn, bIn),
    jsondiffpatch: pairwise(left, rightB, jsondiffpatch),
    microdiff: pairwise(left, rightB, microdiff),
  });
  const metB = report('(b) 5 of 200 changed (ours skips equal contentHashes)', b, { jsondiffpatch: 1, microdiff: 1 });
  console.log(`\ndiff goals ${metA && metB ? 'all met' : 'NOT all met'}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await benchDiff();
}

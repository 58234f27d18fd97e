/**
 * Popup benchmark (issue "popup and options", item 8): 1,000 snapshots of 200 generated systems (each
 * changing one system) in one tenant, seeded through the background's test hook with 'store.import'
 * (a backup written here, in chunks: the same validation, hashing and storing as a restore, and much
 * faster than 1,000 exports). Then the popup page opened on that tenant. Figures come from performance
 * marks in Chromium: first render = navigation start → first timeline rows with data
 * ('ipx-timeline-rows'); scrolling = scrollTop set → the row at the new position rendered with its data
 * (a page of 50 fetched from the background when needed). Printed, not asserted.
 */
import type { Page } from 'playwright-core';
import { callBackground, launch } from '../e2e/harness.ts';
import { expectedContentHash, jcs, sha256 } from '../e2e/fixtures.ts';
import { generateSystems } from '../console-sim/generator.ts';

const SYSTEMS = 200;
const SNAPSHOTS = 1000;
const CHUNK = 100;
const OPENS = 5;
const ROW = 56;

export async function benchPopup(): Promise<void> {
  const h = await launch();
  try {
    const retention = await callBackground(await h.worker(), 'settings.set', { retention: SNAPSHOTS });
    if (!retention.ok) throw new Error(retention.error.message);
    const seedStart = performance.now();
    for (const backup of backups(h.origin)) {
      const reply = await callBackground<{ added: number }>(await h.worker(), 'store.import', { backup });
      if (!reply.ok) throw new Error(`seeding failed: ${reply.error.message}`);
    }
    const seedMs = performance.now() - seedStart;
    const list = await callBackground<{ total: number }>(await h.worker(), 'snapshots.list', { origin: h.origin, limit: 1 });
    if (!list.ok || list.value.total !== SNAPSHOTS) throw new Error(`expected ${SNAPSHOTS} snapshots, got ${list.ok ? list.value.total : list.error.message}`);

    const url = `chrome-extension://${h.extensionId}/popup.html#tenant=${encodeURIComponent(h.origin)}`;
    const firsts: Array<{ rows: number; start: number }> = [];
    for (let i = 0; i < OPENS; i++) firsts.push(await firstRender(await h.context.newPage(), url));
    const page = await h.context.newPage();
    await page.setViewportSize({ width: 780, height: 580 });
    await page.goto(url);
    await page.getByTestId('ipx-timeline-row').first().waitFor();
    // tsx compiles with keepNames: functions sent to evaluate() call esbuild's `__name` helper.
    await page.evaluate('globalThis.__name ??= (fn) => fn');
    const jumps = await page.evaluate(scrollJumps, { targets: jumpTargets(), row: ROW });
    const sweep = await page.evaluate(scrollSweep, { total: SNAPSHOTS, rowsPerFrame: 4, row: ROW });
    report(seedMs, firsts, jumps, sweep);
  } finally {
    await h.close();
  }
}

/**
 * The store backups (lib/snapshots/backup.ts format) holding the 1,000 snapshots, CHUNK per file:
 * snapshot i changes system i·37 mod 200 (a new property value), one minute after snapshot i − 1.
 */
function* backups(origin: string): Generator<Record<string, unknown>> {
  const systems: Array<Record<string, unknown>> = generateSystems(SYSTEMS, 7, []).map((g) => g.system as unknown as Record<string, unknown>);
  const kindOf = (m: unknown) => (m === 'READ' ? 'source' : m === 'WRITE' ? 'target' : 'proxy');
  const entryOf = (r: Record<string, unknown>) => {
    const hash = sha256(jcs(r));
    return { entry: { status: 'ok', kind: kindOf(r.accessMode), id: String(r.id), name: String(r.name), connectorTypeString: String(r.connectorTypeString), contentHash: expectedContentHash(r), recordHash: hash }, record: { hash, record: r } };
  };
  let current = systems.map(entryOf);
  for (let from = 0; from < SNAPSHOTS; from += CHUNK) {
    const table = new Map<string, number>();
    const out = { format: 'ips-snapshots-store-backup', formatVersion: 1, createdAt: new Date().toISOString(), extensionVersion: 'bench', systems: [] as unknown[], snapshots: [] as unknown[], records: new Map<string, unknown>(), omitted: [] };
    for (let i = from; i < Math.min(SNAPSHOTS, from + CHUNK); i++) {
      if (i > 0) {
        const index = (i * 37) % SYSTEMS;
        const s = systems[index]!;
        systems[index] = { ...s, properties: { ...(s.properties as object), 'ips.bench.revision': String(i) } };
        current = [...current.slice(0, index), entryOf(systems[index]!), ...current.slice(index + 1)];
      }
      const indexes = current.map(({ entry, record }) => {
        if (!table.has(entry.recordHash)) table.set(entry.recordHash, out.systems.push(entry) - 1);
        out.records.set(record.hash, record);
        return table.get(entry.recordHash)!;
      });
      const createdAt = new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString();
      out.snapshots.push({ origin, tenantId: 'teched2025-00', createdAt, trigger: i % 10 ? 'export' : 'scheduled', extensionVersion: 'bench', kinds: ['source', 'target', 'proxy'], label: i % 97 ? null : `release ${i}`, note: null, pinned: i % 250 === 0, systems: indexes });
    }
    yield { ...out, records: [...out.records.values()] };
  }
}

async function firstRender(page: Page, url: string): Promise<{ rows: number; start: number }> {
  await page.setViewportSize({ width: 780, height: 580 });
  await page.goto(url);
  await page.getByTestId('ipx-timeline-row').first().waitFor();
  const marks = await page.evaluate(() => Object.fromEntries(['ipx-popup-start', 'ipx-timeline-rows'].map((n) => [n, performance.getEntriesByName(n)[0]?.startTime ?? NaN])));
  await page.close();
  return { start: marks['ipx-popup-start']!, rows: marks['ipx-timeline-rows']! };
}

/** Rows to jump to: far apart (each a new page of 50), then back to ones already fetched. */
function jumpTargets(): number[] {
  const fresh = [500, 120, 940, 333, 760, 60, 999, 410, 870, 250];
  return [...fresh, ...fresh.map((i) => i - 2)];
}

/** In the page: for each target, scrollTop → the row at that index rendered with data. */
async function scrollJumps({ targets, row }: { targets: number[]; row: number }): Promise<number[]> {
  const el = document.querySelector<HTMLElement>('[data-testid="ipx-timeline"]')!;
  const times: number[] = [];
  for (const index of targets) {
    performance.mark(`ipx-bench-jump-${index}`);
    const started = performance.now();
    el.scrollTop = index * row;
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        if (document.querySelector(`[data-testid="ipx-timeline-row"][data-index="${index}"]`)) resolve();
        else if (performance.now() - started > 10_000) reject(new Error(`row ${index} was not rendered within 10 s`));
        else requestAnimationFrame(check);
      };
      check();
    });
    times.push(performance.now() - started);
    performance.measure(`ipx-bench-jump-${index}`, `ipx-bench-jump-${index}`);
  }
  return times;
}

/** In the page: scroll top to bottom `rowsPerFrame` rows a frame; frame gaps and placeholder rows seen. */
async function scrollSweep({ total, rowsPerFrame, row }: { total: number; rowsPerFrame: number; row: number }): Promise<{ ms: number; frames: number; worstFrame: number; blankFrames: number }> {
  const el = document.querySelector<HTMLElement>('[data-testid="ipx-timeline"]')!;
  el.scrollTop = 0;
  await new Promise((r) => requestAnimationFrame(r));
  const started = performance.now();
  let last = started;
  let worstFrame = 0;
  let frames = 0;
  let blankFrames = 0;
  for (let top = 0; top < total * row; top += rowsPerFrame * row) {
    el.scrollTop = top;
    await new Promise((r) => requestAnimationFrame(r));
    const now = performance.now();
    worstFrame = Math.max(worstFrame, now - last);
    last = now;
    frames++;
    const index = Math.floor(top / row);
    if (!document.querySelector(`[data-testid="ipx-timeline-row"][data-index="${index}"]`)) blankFrames++;
  }
  return { ms: performance.now() - started, frames, worstFrame, blankFrames };
}

function report(seedMs: number, firsts: Array<{ rows: number; start: number }>, jumps: number[], sweep: { ms: number; frames: number; worstFrame: number; blankFrames: number }): void {
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const f = (n: number) => `${n.toFixed(1)} ms`;
  console.log(`popup: ${SNAPSHOTS} snapshots of ${SYSTEMS} systems in one tenant (seeded in ${(seedMs / 1000).toFixed(0)} s through 'store.import', ${SNAPSHOTS / CHUNK} backups)`);
  console.log(`  first render (navigation start → first timeline rows with data), ${OPENS} cold opens: median ${f(median(firsts.map((x) => x.rows)))}, min ${f(Math.min(...firsts.map((x) => x.rows)))}, max ${f(Math.max(...firsts.map((x) => x.rows)))}`);
  console.log(`    of which loading the page until its script starts: ${f(median(firsts.map((x) => x.start)))}`);
  const [fresh, cached] = [jumps.slice(0, jumps.length / 2), jumps.slice(jumps.length / 2)];
  console.log(`  jump to a far row (new page of 50 fetched): median ${f(median(fresh))}, max ${f(Math.max(...fresh))}; to a row already fetched: median ${f(median(cached))}, max ${f(Math.max(...cached))}`);
  console.log(`  sweep top → bottom, 4 rows a frame: ${sweep.frames} frames in ${f(sweep.ms)} (${f(sweep.ms / sweep.frames)} a frame), worst frame ${f(sweep.worstFrame)}, frames whose top row was not yet loaded: ${sweep.blankFrames}`);
}

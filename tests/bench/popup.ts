/**
 * Popup benchmark (issue "popup and options", item 8): 1,000 snapshots of 200 generated systems (each
 * changing one system), written through the background's own 'export.ingest' handler in the test build;
 * then the popup page opened on that tenant. Figures come from performance marks in Chromium:
 * first render = navigation start → first timeline rows with data ('ipx-timeline-rows'); scrolling =
 * scrollTop set → the row at the new position rendered with its data (a page fetched when needed).
 * Printed, not asserted.
 */
import type { Page } from 'playwright-core';
import { callBackground, launch } from '../e2e/harness.ts';
import { generateSystems } from '../console-sim/generator.ts';

const SYSTEMS = 200;
const SNAPSHOTS = 1000;
const CHUNK = 50;
const OPENS = 5;
const ROW = 56;

interface Bench {
  __bench: { systems: Array<Record<string, unknown>>; origin: string };
  __ipxTest: { call(name: string, payload: unknown): Promise<{ ok: boolean; value?: unknown; error?: { message: string } }> };
}

export async function benchPopup(): Promise<void> {
  const h = await launch();
  try {
    // tsx compiles with keepNames: functions sent to evaluate() call esbuild's `__name` helper.
    await (await h.worker()).evaluate('globalThis.__name ??= (fn) => fn');
    const retention = await callBackground(await h.worker(), 'settings.set', { retention: SNAPSHOTS });
    if (!retention.ok) throw new Error(retention.error.message);
    const systems = generateSystems(SYSTEMS, 7, []).map((g) => g.system);
    const seedStart = performance.now();
    for (let from = 0; from < SNAPSHOTS; from += CHUNK) {
      const worker = await h.worker();
      await worker.evaluate('globalThis.__name ??= (fn) => fn');
      await worker.evaluate(seedChunk, { from, to: Math.min(SNAPSHOTS, from + CHUNK), systems: from === 0 ? systems : null, origin: h.origin });
    }
    const seedMs = performance.now() - seedStart;
    const list = await callBackground<{ total: number }>(await h.worker(), 'snapshots.list', { origin: h.origin, limit: 1 });
    if (!list.ok || list.value.total !== SNAPSHOTS) throw new Error(`expected ${SNAPSHOTS} snapshots, got ${list.ok ? list.value.total : list.error.message}`);

    const firsts: Array<{ rows: number; tenants: number; start: number }> = [];
    for (let i = 0; i < OPENS; i++) firsts.push(await firstRender(h.context.newPage(), `chrome-extension://${h.extensionId}/popup.html#tenant=${encodeURIComponent(h.origin)}`));
    const page = await h.context.newPage();
    await page.setViewportSize({ width: 780, height: 580 });
    await page.goto(`chrome-extension://${h.extensionId}/popup.html#tenant=${encodeURIComponent(h.origin)}`);
    await page.getByTestId('ipx-timeline-row').first().waitFor();
    const jumps = await page.evaluate(scrollJumps, { targets: jumpTargets(), row: ROW });
    const sweep = await page.evaluate(scrollSweep, { total: SNAPSHOTS, rowsPerFrame: 4, row: ROW });
    report(seedMs, firsts, jumps, sweep);
  } finally {
    await h.close();
  }
}

/** In the worker: round 0 stores all systems; round i changes system i·37 mod 200 and stores again. */
async function seedChunk({ from, to, systems, origin }: { from: number; to: number; systems: Array<Record<string, unknown>> | null; origin: string }): Promise<void> {
  const g = globalThis as unknown as Bench;
  if (systems) g.__bench = { systems, origin };
  const kindOf = (m: unknown) => (m === 'READ' ? 'source' : m === 'WRITE' ? 'target' : 'proxy');
  for (let i = from; i < to; i++) {
    const all = g.__bench.systems;
    if (i > 0) {
      const index = (i * 37) % all.length;
      all[index] = { ...all[index], properties: { ...(all[index]!.properties as object), 'ips.bench.revision': String(i) } };
    }
    const files = all.map((s) => ({ kind: kindOf(s.accessMode), id: String(s.id), name: String(s.name), text: JSON.stringify(s, null, 4) }));
    const reply = await g.__ipxTest.call('export.ingest', { origin, trigger: i % 10 ? 'export' : 'scheduled', kinds: ['source', 'target', 'proxy'], files, failed: [], store: true });
    const value = reply.value as { snapshotId: number | null; storeError: string | null } | undefined;
    if (!value?.snapshotId) throw new Error(`snapshot ${i} not stored: ${value?.storeError ?? reply.error?.message}`);
  }
}

async function firstRender(pagePromise: Promise<Page>, url: string): Promise<{ rows: number; tenants: number; start: number }> {
  const page = await pagePromise;
  await page.setViewportSize({ width: 780, height: 580 });
  await page.goto(url);
  await page.getByTestId('ipx-timeline-row').first().waitFor();
  const marks = await page.evaluate(() => Object.fromEntries(['ipx-popup-start', 'ipx-popup-tenants', 'ipx-timeline-rows'].map((n) => [n, performance.getEntriesByName(n)[0]?.startTime ?? NaN])));
  await page.close();
  return { start: marks['ipx-popup-start']!, tenants: marks['ipx-popup-tenants']!, rows: marks['ipx-timeline-rows']! };
}

/** Rows to jump to: far apart (each a new page of 50), then back to ones already fetched. */
function jumpTargets(): number[] {
  const fresh = [500, 120, 940, 333, 760, 60, 999, 410, 870, 250];
  return [...fresh, ...fresh.map((i) => i + 2)];
}

/** In the page: for each target, scrollTop → the row at that index rendered with data. */
async function scrollJumps({ targets, row }: { targets: number[]; row: number }): Promise<number[]> {
  const el = document.querySelector<HTMLElement>('[data-testid="ipx-timeline"]')!;
  const times: number[] = [];
  for (const index of targets) {
    performance.mark(`ipx-bench-jump-${index}`);
    const started = performance.now();
    el.scrollTop = index * row;
    await new Promise<void>((resolve) => {
      const check = () => (document.querySelector(`[data-testid="ipx-timeline-row"][data-index="${index}"]`) ? resolve() : requestAnimationFrame(check));
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

function report(seedMs: number, firsts: Array<{ rows: number; tenants: number; start: number }>, jumps: number[], sweep: { ms: number; frames: number; worstFrame: number; blankFrames: number }): void {
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const f = (n: number) => `${n.toFixed(1)} ms`;
  console.log(`popup: ${SNAPSHOTS} snapshots of ${SYSTEMS} systems in one tenant (seeded in ${(seedMs / 1000).toFixed(0)} s through 'export.ingest')`);
  console.log(`  first render (navigation start → first timeline rows with data), ${OPENS} cold opens: median ${f(median(firsts.map((x) => x.rows)))}, min ${f(Math.min(...firsts.map((x) => x.rows)))}, max ${f(Math.max(...firsts.map((x) => x.rows)))}`);
  console.log(`    of which script start at ${f(median(firsts.map((x) => x.start)))}, tenants answered at ${f(median(firsts.map((x) => x.tenants)))}`);
  const [fresh, cached] = [jumps.slice(0, jumps.length / 2), jumps.slice(jumps.length / 2)];
  console.log(`  jump to a far row (new page of 50 fetched): median ${f(median(fresh))}, max ${f(Math.max(...fresh))}; to a row already fetched: median ${f(median(cached))}, max ${f(Math.max(...cached))}`);
  console.log(`  sweep top → bottom, 4 rows a frame: ${sweep.frames} frames in ${f(sweep.ms)} (${f(sweep.ms / sweep.frames)} a frame), worst frame ${f(sweep.worstFrame)}, frames whose top row was not yet loaded: ${sweep.blankFrames}`);
}

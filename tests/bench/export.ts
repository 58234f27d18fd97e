/**
 * Export benchmark (issue "Export under load"): 200 systems, 40 ms latency, the console's documented
 * 200 requests/min limit, the extension's default budget. Prints requests, 429s and the time against the
 * ideal under the client's own budget: max(requests·latency/in-flight, requests/budget).
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { launch, PROD_BUILD } from '../e2e/harness.ts';

const SYSTEMS = 200;
const LATENCY_MS = 40;
const BUDGET = { perMinute: 120, inFlight: 4 };

export async function benchExport(): Promise<void> {
  const h = await launch();
  try {
    await h.sim.reset({ systems: [], generate: SYSTEMS, seed: 5 });
    await h.sim.config({ latencyMs: LATENCY_MS, rateLimitPerMinute: 200, burst: 20 });
    await h.setSettings({ budget: BUDGET });
    const page = await h.openConsole('#/sourceSystems');
    await page.getByTestId('ipx-more').click();
    await h.sim.clearRequests();
    const started = Date.now();
    await Promise.all([page.waitForEvent('download', { timeout: 600_000 }), page.getByTestId('ipx-export-all-kinds').click()]);
    const seconds = (Date.now() - started) / 1000;
    const requests = await h.sim.requests();
    const n = requests.length;
    const ideal = Math.max((n * LATENCY_MS) / 1000 / BUDGET.inFlight, n / (BUDGET.perMinute / 60));
    const exported = (await h.sim.state()).systems.length;
    console.log(`export: ${exported} systems, latency ${LATENCY_MS} ms, budget ${BUDGET.perMinute}/min × ${BUDGET.inFlight} in flight`);
    console.log(`  requests ${n} (lists ${requests.filter((r) => /\/systems\?/.test(r.path)).length}, reads ${requests.filter((r) => r.path.includes('/export')).length}), 429s ${requests.filter((r) => r.status === 429).length} (goal 0)`);
    console.log(`  time ${seconds.toFixed(1)} s vs ideal ${ideal.toFixed(1)} s → ratio ${(seconds / ideal).toFixed(3)} (goal ≤ 1.15)`);
  } finally {
    await h.close();
  }
  for (const [name, file] of [['content script', 'content-scripts/console.js'], ['background', 'background.js']]) {
    console.log(`  bundle ${name}: ${(statSync(join(PROD_BUILD, file)).size / 1000).toFixed(1)} kB (production build, minified)`);
  }
}

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launch, SHOTS, type Harness } from './harness.ts';
import { expectBundleMatchesSeed, expectCompleteBundle, exportVia, startExport } from './bundle-helpers.ts';

/**
 * Bulk export of a large tenant through what real tenants do to it: a rate limit shared with live
 * provisioning (429 with and without Retry-After), failing servers, dropped connections, an expiring
 * session, a cancel. Each ends in its stated outcome, never in a partial bundle or snapshot.
 */
let h: Harness;
const GENERATED = 110;

beforeAll(async () => {
  h = await launch();
});
afterAll(async () => h?.close());
beforeEach(async () => {
  await h.sim.reset({ generate: GENERATED, seed: 3 });
  await setSettings({ budget: { perMinute: 3000, inFlight: 4 }, retryBudgetMs: 120_000 });
});

const setSettings = (settings: Record<string, unknown>) => h.setSettings(settings);

async function snapshotCount() {
  return (await h.snapshots()).length;
}

/** Counts downloads on a page, to prove that a stopped export downloads nothing. */
function countDownloads(page: Page) {
  const counter = { n: 0 };
  page.on('download', () => counter.n++);
  return counter;
}

async function stoppedReason(page: Page) {
  const stopped = page.getByTestId('ipx-stopped');
  await stopped.waitFor({ timeout: 120_000 });
  return { reason: await stopped.getAttribute('data-reason'), text: (await stopped.textContent()) ?? '' };
}

async function waitForProgress(page: Page, atLeast: number) {
  await page.waitForFunction(
    (n) => {
      const host = document.querySelector('[data-ipx="panel"]');
      const text = host?.shadowRoot?.querySelector('[data-testid="ipx-progress"]')?.textContent ?? '';
      const m = /: (\d+) of/.exec(text);
      return m !== null && Number(m[1]) >= n;
    },
    atLeast,
    { timeout: 60_000 },
  );
}

describe('Export under load and faults', () => {
  for (const retryAfter of [true, false]) {
    it(`exports ${GENERATED}+ systems through a 429 storm (Retry-After ${retryAfter ? 'on' : 'off'})`, async () => {
      await h.sim.config({ rateLimitPerMinute: 900, burst: 4, retryAfter });
      const before = await snapshotCount();
      const page = await h.openConsole('#/sourceSystems');
      const { files } = await exportVia(h, page, 'ipx-export-all-kinds');
      const state = await h.sim.state();
      expect(state.systems.length).toBeGreaterThan(GENERATED);
      const { failed } = expectCompleteBundle(files, state);
      expect(failed).toBe(0);
      const requests = await h.sim.requests();
      expect(requests.filter((r) => r.status === 429).length).toBeGreaterThan(0);
      expect(await snapshotCount()).toBe(before + 1);
      await page.close();
    });
  }

  it('survives 5xx and dropped connections: every system is exported or listed as failed, none missing', async () => {
    await h.sim.config({ failRate: 0.2, dropRate: 0.1, faultSeed: 7 });
    const page = await h.openConsole('#/targetSystems');
    const { files } = await exportVia(h, page, 'ipx-export-all-kinds');
    const { manifest, failed } = expectCompleteBundle(files, await h.sim.state());
    const requests = await h.sim.requests();
    expect(requests.some((r) => r.status >= 500)).toBe(true);
    expect(requests.some((r) => r.status === 0)).toBe(true);
    const snap = (await h.latestSnapshot())!;
    expect(snap.systems.filter((s) => s.status === 'failed')).toHaveLength(failed);
    expect(snap.systems).toHaveLength(manifest.systems.length);
    await page.screenshot({ path: join(SHOTS, 'export-faults-summary.png') });
    await page.close();
  });

  it('lists a persistently failing system as failed, with the reason, and exports all the others', async () => {
    const state = await h.sim.state();
    const broken = state.systems.filter((s) => s.accessMode === 'WRITE').slice(0, 2);
    await h.sim.config({ failPaths: broken.map((s) => `/systems/${s.id}/export`) });
    const page = await h.openConsole('#/targetSystems');
    const { files } = await exportVia(h, page, 'ipx-export-all-kinds');
    const { manifest, failed } = expectCompleteBundle(files, state);
    expect(failed).toBe(2);
    const failedNames = manifest.systems.filter((s: { status: string }) => s.status === 'failed').map((s: { name: string }) => s.name);
    expect(failedNames.sort()).toEqual(broken.map((s) => s.name).sort());
    await expect(page.getByTestId('ipx-failed').textContent()).resolves.toContain(String(broken[0]!.name));
    const snap = (await h.latestSnapshot())!;
    expect(snap.systems.filter((s) => s.status === 'failed').map((s) => s.name).sort()).toEqual(failedNames.sort());
    await page.screenshot({ path: join(SHOTS, 'export-failed-systems.png') });
    await page.close();
  });

  it('stops on session expiry mid-export: no zip, no snapshot, "sign in again"', async () => {
    await h.sim.config({ latencyMs: 60 });
    const before = await snapshotCount();
    const page = await h.openConsole('#/sourceSystems');
    const downloads = countDownloads(page);
    await startExport(page, 'ipx-export-all-kinds');
    await waitForProgress(page, 10);
    await h.sim.expireSession();
    const { reason, text } = await stoppedReason(page);
    expect(reason).toBe('session');
    expect(text).toMatch(/sign in/i);
    await page.screenshot({ path: join(SHOTS, 'export-session-expired.png') });
    expect(downloads.n).toBe(0);
    expect(await snapshotCount()).toBe(before);
    // Signing in again (reloading the console) makes the next export work.
    await h.sim.config({ latencyMs: 0 });
    await page.reload();
    const { files } = await exportVia(h, page, 'ipx-export-kind');
    expect(files.has('manifest.json')).toBe(true);
    await page.close();
  });

  it('stops when the retry budget is spent: no zip, no snapshot, and says why', async () => {
    await setSettings({ budget: { perMinute: 3000, inFlight: 4 }, retryBudgetMs: 2500 });
    await h.sim.config({ rateLimitPerMinute: 1, burst: 1, retryAfter: false });
    const before = await snapshotCount();
    const page = await h.openConsole('#/sourceSystems');
    const downloads = countDownloads(page);
    await startExport(page, 'ipx-export-kind');
    const { reason, text } = await stoppedReason(page);
    expect(reason).toBe('retry-budget');
    expect(text).toMatch(/try again/i);
    expect(downloads.n).toBe(0);
    expect(await snapshotCount()).toBe(before);
    await page.close();
  });

  it('Cancel stops the export: no zip, no snapshot', async () => {
    await h.sim.config({ latencyMs: 80 });
    const before = await snapshotCount();
    const page = await h.openConsole('#/sourceSystems');
    const downloads = countDownloads(page);
    await startExport(page, 'ipx-export-all-kinds');
    await waitForProgress(page, 5);
    await page.getByTestId('ipx-cancel').click();
    const { reason } = await stoppedReason(page);
    expect(reason).toBe('cancelled');
    await page.waitForTimeout(500);
    expect(downloads.n).toBe(0);
    expect(await snapshotCount()).toBe(before);
    await page.close();
  });

  it('keeps to its own budget: no 429 when the console allows 200/min and the client 120/min', async () => {
    await h.sim.reset({});
    await setSettings({ budget: { perMinute: 120, inFlight: 4 }, retryBudgetMs: 120_000 });
    await h.sim.config({ rateLimitPerMinute: 200, burst: 10 });
    const page = await h.openConsole('#/sourceSystems');
    await exportVia(h, page, 'ipx-export-all-kinds');
    const requests = await h.sim.requests();
    expect(requests.filter((r) => r.status === 429)).toHaveLength(0);
    await page.close();
  });

  it('works the same with German console labels', async () => {
    await h.sim.reset({});
    const page = await h.openConsole('#/targetSystems', '?sap-language=de');
    await page.getByText('Hinzufügen').first().waitFor();
    const { files } = await exportVia(h, page, 'ipx-export-all-kinds');
    expectBundleMatchesSeed(h, files, ['source', 'target', 'proxy']);
    await page.screenshot({ path: join(SHOTS, 'export-german.png') });
    await page.close();
  });
});

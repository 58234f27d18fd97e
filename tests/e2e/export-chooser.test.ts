import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { launch, readZip, SHOTS, type Harness } from './harness.ts';
import { manifestOf } from './bundle-helpers.ts';

let h: Harness;
beforeAll(async () => {
  h = await launch();
});
afterAll(async () => h?.close());
beforeEach(async () => {
  await h.sim.reset({ generate: 30, seed: 11 });
  await h.setSettings({ budget: { perMinute: 3000, inFlight: 4 } });
});

async function openChooser(route: string) {
  const page = await h.openConsole(route);
  await page.getByTestId('ipx-more').click();
  await page.getByTestId('ipx-choose').click();
  await page.getByTestId('ipx-chooser-item').first().waitFor();
  return page;
}

describe('selective export and Snapshot now', () => {
  it('exports only the systems chosen by search and kind filter', async () => {
    const page = await openChooser('#/sourceSystems');
    await page.getByTestId('ipx-chooser-kind-all').click();
    await page.getByTestId('ipx-chooser-search').fill('S4A');
    await page.getByTestId('ipx-chooser-all').click();
    const names = await page.getByTestId('ipx-chooser-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')));
    expect(names.sort()).toEqual(['S4A import source', 'S4A import target', 'S4A provisioning target']);
    await expect(page.getByTestId('ipx-chooser-count').textContent()).resolves.toBe('3 selected');
    await page.screenshot({ path: join(SHOTS, 'chooser.png') });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('ipx-chooser-export').click()]);
    const files = await readZip(await download.path());
    const manifest = manifestOf(files);
    expect(manifest.systems.map((s: { name: string }) => s.name).sort()).toEqual(names.sort());
    expect(manifest.kinds).toEqual(['source', 'target']);
    // Kept as a snapshot of chosen systems: a later compare does not call the others "removed".
    await expect.poll(async () => (await h.latestSnapshot())?.snapshot.trigger).toBe('selection');
    await page.close();
  });

  it('adds the console\'s IdM CSV next to each chosen proxy', async () => {
    const page = await openChooser('#/proxySystems');
    await page.getByTestId('ipx-chooser-all').click();
    await page.getByTestId('ipx-chooser-csv').check();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('ipx-chooser-export').click()]);
    const files = await readZip(await download.path());
    const proxies = manifestOf(files).systems;
    expect(proxies.length).toBeGreaterThan(0);
    for (const p of proxies) {
      expect(p.kind).toBe('proxy');
      const csv = Buffer.from(files.get(p.csvPath)!).toString('utf8');
      expect(csv.split('\n')[0]).toMatch(/^Name,Description,Type,Disabled,TypeQN,AUTH_PASSWORD,/);
      expect(csv).toContain(`PRIV:SYSTEM:${p.name}`);
    }
    await page.close();
  });

  it('Snapshot now keeps a snapshot of every system and downloads nothing', async () => {
    const page = await h.openConsole('#/targetSystems');
    let downloads = 0;
    page.on('download', () => downloads++);
    await page.getByTestId('ipx-more').click();
    await page.getByTestId('ipx-snapshot-now').click();
    await expect(page.getByTestId('ipx-summary').textContent()).resolves.toMatch(/Snapshot of \d+ systems taken/);
    const total = (await h.sim.state()).systems.length;
    const snap = await h.latestSnapshot();
    expect(snap?.snapshot.trigger).toBe('manual');
    expect(snap?.systems.filter((s) => s.status === 'ok')).toHaveLength(total);
    await expect(page.getByTestId('ipx-summary').textContent()).resolves.toContain(`${total} systems`);
    expect(downloads).toBe(0);
    await page.close();
  });
});

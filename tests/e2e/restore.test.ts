import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startSimulator, type Simulator } from '../console-sim/server.ts';
import { launch, SHOTS, type Harness } from './harness.ts';
import { exportVia } from './bundle-helpers.ts';
import { realExports, seedSecrets } from './fixtures.ts';

/**
 * Restore from the popup through a console tab, against the simulator seeded with the real exports:
 * one system's transformation only; a whole snapshot after an edit, a deletion and an addition (the
 * added system deleted only when ticked, then Undo); a snapshot of another tenant asks first.
 */
const fixtures = realExports();
const secrets = seedSecrets(fixtures);
const texts = fixtures.map((f) => f.bytes.toString('utf8'));
const VOLATILE = ['id', 'tenantId', 'fromImport', 'transformationChanged', 'readTransformationChanged', 'writeTransformationChanged'];
type Sys = Record<string, any>;

const TRANSFORMED = 'S4A import target';
const EDITED = 'S4A import source';
const DELETED = 'BTP CF import source';
const ADDED = 'Added since the snapshot';

let h: Harness;
beforeAll(async () => {
  h = await launch();
  await mkdir(SHOTS, { recursive: true });
});
afterAll(async () => h?.close());
beforeEach(async () => {
  await h.sim.reset({ systems: texts, secrets });
  await h.setSettings({ budget: { perMinute: 3000, inFlight: 4 } });
});

const parse = (text: string): Sys => JSON.parse(text.replace(/^\uFEFF/, ''));
const fixture = (name: string): Sys => structuredClone(fixtures.find((f) => f.record.name === name)!.record);
const strip = (s: Sys) => Object.fromEntries(Object.entries(s).filter(([k]) => !VOLATILE.includes(k)));
const byName = (state: { systems: Sys[] }, name: string) => state.systems.find((s) => s.name === name);
const comparable = (state: { systems: Sys[] }) => [...state.systems].map(strip).sort((a, b) => String(a.name).localeCompare(String(b.name)));
const writes = (log: Array<{ method: string; path: string }>) => log.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);

/** The seed with `edit` applied to the named systems (undefined from an edit: the system is gone). */
function seedWith(edits: Record<string, (r: Sys) => Sys | undefined>, extra: Sys[] = []): string[] {
  const out: string[] = [];
  for (const text of texts) {
    const record = parse(text);
    const edit = edits[record.name];
    if (!edit) out.push(text);
    else {
      const next = edit(record);
      if (next) out.push(JSON.stringify(next, null, 4));
    }
  }
  return [...out, ...extra.map((r) => JSON.stringify(r, null, 4))];
}

/** "Export all kinds" in a console tab: the bundle is downloaded and the snapshot stored; returns its id. */
async function snapshotAll(): Promise<number> {
  const page = await h.openConsole('#/sourceSystems');
  await exportVia(h, page, 'ipx-export-all-kinds');
  const saved = await page.getByTestId('ipx-snapshot-saved').textContent();
  await page.close();
  return Number(/#(\d+)/.exec(saved ?? '')![1]);
}

async function openConsoleTab(route = '#/targetSystems', origin = h.origin): Promise<Page> {
  const page = await h.context.newPage();
  await page.goto(`${origin}/ips/${route}`);
  await page.getByTestId('ipx-import').waitFor();
  return page;
}

async function openSnapshot(id: number, origin = h.origin): Promise<Page> {
  const page = await h.context.newPage();
  await page.setViewportSize({ width: 780, height: 600 });
  await page.goto(`chrome-extension://${h.extensionId}/popup.html#tenant=${origin}&id=${id}`);
  await page.getByTestId('ipx-detail').waitFor();
  return page;
}

/** The popup's restore dialog: choose the console tab of `origin`, then "Open in console". */
async function openInConsole(popup: Page, origin: string) {
  const target = popup.getByTestId('ipx-restore-target');
  await target.waitFor();
  const value = await target.locator('option').evaluateAll((opts, o) => (opts as HTMLOptionElement[]).find((x) => x.textContent!.includes(new URL(o).host))?.value ?? null, origin);
  expect(value).not.toBeNull();
  await target.selectOption(value!);
  await popup.getByTestId('ipx-restore-go').click();
}

const row = (page: Page, name: string) => page.locator(`[data-testid="ipx-plan-row"][data-name="${name}"]`);

async function waitForRestorePlan(page: Page) {
  await page.locator('[data-testid="ipx-import-dialog"][data-mode="restore"]').waitFor({ timeout: 30_000 });
  await page.getByTestId('ipx-plan').waitFor({ timeout: 30_000 });
}

async function actions(page: Page): Promise<Record<string, string>> {
  const rows = await page.getByTestId('ipx-plan-row').evaluateAll((els) => els.map((e) => [e.getAttribute('data-name'), e.getAttribute('data-action')]));
  return Object.fromEntries(rows);
}

async function applyAndWait(page: Page, confirmText: RegExp) {
  await page.getByTestId('ipx-import-apply').click();
  await expect(page.getByTestId('ipx-import-confirm-text').textContent()).resolves.toMatch(confirmText);
  await page.getByTestId('ipx-import-confirm').click();
  await page.getByTestId('ipx-import-summary').waitFor({ timeout: 60_000 });
}

async function typeSecrets(page: Page, system: string) {
  for (const [name, value] of Object.entries(secrets[system] ?? {})) {
    await page.locator(`[data-testid="ipx-secret"][data-system="${system}"][data-name="${name}"]`).fill(value);
  }
}

describe('Restore from the popup', () => {
  it('restores only the transformation of one system; its properties stay as they are', async () => {
    const snapshotId = await snapshotAll();
    const original = fixture(TRANSFORMED);
    await h.sim.reset({
      systems: seedWith({
        [TRANSFORMED]: (r) => {
          r.transformation.user.mappings.pop();
          r.properties['ips.trace.failed.entity.content'] = 'true';
          return r;
        },
      }),
      secrets,
    });
    const console = await openConsoleTab();
    const popup = await openSnapshot(snapshotId);
    const system = popup.locator(`[data-testid="ipx-system"][data-name="${TRANSFORMED}"]`);
    await system.getByRole('button', { name: /transformation/i }).click();
    await expect(popup.getByTestId('ipx-restore-dialog').textContent()).resolves.toMatch(/only the transformation of S4A import target/i);
    await popup.screenshot({ path: join(SHOTS, 'restore-popup-dialog.png') });
    await h.sim.clearRequests();
    await openInConsole(popup, h.origin);
    await popup.getByTestId('ipx-notice').waitFor();

    await waitForRestorePlan(console);
    expect(await actions(console)).toEqual({ [TRANSFORMED]: 'update' });
    await expect(console.getByTestId('ipx-restore-what').textContent()).resolves.toMatch(new RegExp(`Only the transformation, from snapshot #${snapshotId}`));
    await expect(row(console, TRANSFORMED).getByTestId('ipx-plan-summary').textContent()).resolves.toMatch(/mapping/);
    await expect(row(console, TRANSFORMED).getByTestId('ipx-plan-summary').textContent()).resolves.not.toMatch(/propert/);
    await expect(console.getByTestId('ipx-change-description').inputValue()).resolves.toMatch(new RegExp(`^Restored with IPS Snapshots from snapshot #${snapshotId} of `));
    expect(writes(await h.sim.requests())).toEqual([]);
    await console.screenshot({ path: join(SHOTS, 'restore-transformation-plan.png') });
    await applyAndWait(console, /^Apply 1 update to /);
    await expect(console.getByTestId('ipx-import-summary').textContent()).resolves.toMatch(/Restore finished: 0 created, 1 updated, 0 skipped, 0 failed/);

    const state = await h.sim.state();
    const restored = byName(state, TRANSFORMED)!;
    expect(restored.transformation).toEqual(original.transformation);
    expect(restored.properties['ips.trace.failed.entity.content']).toBe('true');
    expect(writes(await h.sim.requests())).toEqual([`PUT /ips/service/api/v1/systems/${original.id}`]);
    const [pre] = await h.snapshots();
    expect(pre).toMatchObject({ trigger: 'pre-write', systemCount: 1 });
    await console.close();
    await popup.close();
  });

  it('restores a whole snapshot after an edit, a deletion and an addition; the added system is deleted only when ticked; Undo', async () => {
    const snapshotId = await snapshotAll();
    const atSnapshot = await h.sim.state();
    const added = fixture('BTP CF import target');
    delete added.id;
    added.name = ADDED;
    // The console drops links to sources it doesn't have on create; this one links none, so Undo can recreate it as it was.
    added.relatedSystems = [];
    const changed = seedWith(
      {
        [EDITED]: (r) => ((r.properties['ips.delta.read'] = 'disabled'), r),
        [DELETED]: () => undefined,
      },
      [added],
    );

    // First without ticking: the added system stays.
    await h.sim.reset({ systems: changed, secrets });
    let console = await openConsoleTab();
    let popup = await openSnapshot(snapshotId);
    await popup.getByTestId('ipx-restore').click();
    await expect(popup.getByTestId('ipx-restore-dialog').textContent()).resolves.toMatch(/whole snapshot/i);
    await openInConsole(popup, h.origin);
    await waitForRestorePlan(console);
    const planned = await actions(console);
    expect(planned).toMatchObject({ [EDITED]: 'update', [DELETED]: 'create', [ADDED]: 'skip' });
    expect(Object.entries(planned).filter(([, a]) => a !== 'skip').length).toBe(2);
    await console.getByTestId('ipx-restore-removable').waitFor();
    await expect(row(console, ADDED).getByTestId('ipx-plan-delete').isChecked()).resolves.toBe(false);
    await typeSecrets(console, DELETED);
    await console.screenshot({ path: join(SHOTS, 'restore-whole-plan.png'), fullPage: true });
    await applyAndWait(console, /^Apply 1 create and 1 update to /);
    let state = await h.sim.state();
    expect(byName(state, ADDED)).toBeDefined();
    expect(byName(state, EDITED)!.properties['ips.delta.read']).toBe(byName(atSnapshot, EDITED)!.properties['ips.delta.read']);
    expect(byName(state, DELETED)!.encryptedProperties.Password).toBe(secrets[DELETED]!.Password);
    await console.close();
    await popup.close();

    // Again, ticked: the tenant equals the snapshot.
    await h.sim.reset({ systems: changed, secrets });
    const beforeRestore = await h.sim.state();
    console = await openConsoleTab();
    popup = await openSnapshot(snapshotId);
    await popup.getByTestId('ipx-restore').click();
    await openInConsole(popup, h.origin);
    await waitForRestorePlan(console);
    await row(console, ADDED).getByTestId('ipx-plan-delete').click();
    await expect.poll(() => row(console, ADDED).getAttribute('data-action')).toBe('delete');
    await typeSecrets(console, DELETED);
    await applyAndWait(console, /^Apply 1 create, 1 update and 1 deletion to /);
    await expect(console.getByTestId('ipx-import-summary').textContent()).resolves.toMatch(/1 created, 1 updated, 1 deleted, 0 skipped, 0 failed/);
    state = await h.sim.state();
    // The one documented difference: the console gives every new system its default
    // `ips.date.variable.format` (ips-domain.md), so the system created again has it.
    const recreated = byName(state, DELETED)!;
    expect(byName(atSnapshot, DELETED)!.properties['ips.date.variable.format']).toBeUndefined();
    expect(recreated.properties['ips.date.variable.format']).toBe('yyyy-MM-dd HH:mm:ss.SSS');
    delete recreated.properties['ips.date.variable.format'];
    expect(comparable(state)).toEqual(comparable(atSnapshot));
    // Key order too, for every system the restore did not create (the console stores keys as received).
    const ordered = (st: { systems: Sys[] }) => JSON.stringify(comparable(st).filter((x) => x.name !== DELETED));
    expect(ordered(state)).toBe(ordered(atSnapshot));
    const [pre] = await h.snapshots();
    expect(pre).toMatchObject({ trigger: 'pre-write', systemCount: 2 });

    // Undo: the deleted system is created again (nothing to type: it has no credentials).
    await console.getByTestId('ipx-import-undo').click();
    await expect(console.getByTestId('ipx-import-undo-text').textContent()).resolves.toMatch(/restore 1 updated system and delete 1 created system and create 1 deleted system again/);
    await console.getByTestId('ipx-import-undo-confirm').click();
    await expect.poll(() => console.getByTestId('ipx-import-summary').textContent(), { timeout: 30_000 }).toMatch(/Undo finished: 1 restored, 1 deleted, 1 created again, 0 skipped, 0 failed/);
    await console.screenshot({ path: join(SHOTS, 'restore-undone.png'), fullPage: true });
    const undone = await h.sim.state();
    // Created again by Undo: the console's default date format again (see above).
    delete byName(undone, ADDED)!.properties['ips.date.variable.format'];
    delete byName(beforeRestore, ADDED)!.properties['ips.date.variable.format'];
    expect(comparable(undone)).toEqual(comparable(beforeRestore));
    await console.close();
    await popup.close();
  });

  it('asks before restoring a snapshot of one tenant into another, naming both', async () => {
    const snapshotId = await snapshotAll();
    const other: Simulator = await startSimulator({});
    try {
      expect(other.origin).not.toBe(h.origin);
      const console = await openConsoleTab('#/sourceSystems', other.origin);
      const popup = await openSnapshot(snapshotId);
      await popup.getByTestId('ipx-restore').click();
      await openInConsole(popup, other.origin);
      const ask = popup.getByTestId('ipx-restore-cross');
      await ask.waitFor();
      const text = (await ask.textContent()) ?? '';
      expect(text).toContain(new URL(h.origin).host);
      expect(text).toContain(new URL(other.origin).host);
      await popup.screenshot({ path: join(SHOTS, 'restore-cross-tenant.png') });
      await ask.getByRole('button', { name: 'Cancel' }).click();
      await popup.waitForTimeout(500);
      await expect(console.getByTestId('ipx-import-dialog').count()).resolves.toBe(0);

      await popup.getByTestId('ipx-restore').click();
      await openInConsole(popup, other.origin);
      await popup.getByTestId('ipx-restore-cross-confirm').click();
      await waitForRestorePlan(console);
      const banner = await console.getByTestId('ipx-restore-cross-banner').textContent();
      expect(banner).toContain(h.origin);
      expect(banner).toContain(other.origin);
      // Matched by name in the other tenant: the same systems are there, so nothing changes (all hidden at first).
      await expect(console.getByTestId('ipx-plan-row').count()).resolves.toBe(0);
      await console.getByTestId('ipx-plan-hide-identical').click();
      const rows = await console.getByTestId('ipx-plan-match').allTextContents();
      expect(rows.length).toBe(fixtures.length);
      expect(rows.every((t) => /matched by name · identical/.test(t))).toBe(true);
      const log = await fetch(`${other.origin}/__sim/requests`).then((r) => r.json() as Promise<{ requests: Array<{ method: string; path: string }> }>);
      expect(writes(log.requests)).toEqual([]);
      await console.close();
      await popup.close();
    } finally {
      await other.close();
    }
  });
});

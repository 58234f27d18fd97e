/**
 * "Compare with live" and scheduled snapshots end to end inside one process: the popup's request
 * (lib/popup/live.ts) → the console tab's listener (lib/content/main.ts) → its ExportJob (the console is
 * faked at collectExports) → the background's real 'export.ingest' handler on fake IndexedDB.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createHandlers } from '@/lib/background/main';
import { SessionExpiredError } from '@/lib/console/errors';
import { listenForScheduledSnapshots } from '@/lib/content/main';
import { collectExports, type CollectResult } from '@/lib/export/collect';
import { ExportJob } from '@/lib/export/job';
import { handleMessages } from '@/lib/messaging';
import { SESSION_EXPIRED_COMPARE, snapshotLive } from '@/lib/popup/live';
import type { SystemFile } from '@/lib/model/system';
import { allManifests, asFile, changed, freshDb, ORIGIN, realSystems, storedId } from '../snapshots/helpers.ts';

vi.mock('@/lib/export/collect', () => ({ collectExports: vi.fn() }));

const TAB = 5;
let job: ExportJob;
let stop: AbortController;

/** The console answers with these systems. */
function consoleHas(systems: SystemFile[]): void {
  vi.mocked(collectExports).mockResolvedValue({ files: systems.map(asFile), failed: [], warnings: [], extras: new Map() } satisfies CollectResult);
}

beforeEach(() => {
  freshDb();
  fakeBrowser.reset();
  vi.mocked(collectExports).mockReset();
  vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({ manifest_version: 3, name: 'x', version: '0.2.0' });
  handleMessages(createHandlers('0.2.0'));
  job = new ExportJob(ORIGIN);
  stop = new AbortController();
  listenForScheduledSnapshots({ origin: ORIGIN, exportJob: job }, stop.signal);
  // The popup's message to the console tab reaches the content script's listener.
  vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation((async (_tabId: number, message: unknown) =>
    (await fakeBrowser.runtime.onMessage.trigger(message, {})).find((r) => !!r)) as never);
});

afterEach(() => stop.abort());

describe('compare with live', () => {
  it('an unchanged tenant: the newest snapshot is reused, none is added', async () => {
    const systems = realSystems();
    const newest = await storedId(systems);
    consoleHas(systems);
    for (let i = 0; i < 3; i++) expect(await snapshotLive(TAB)).toEqual({ snapshotId: newest, reused: true });
    expect(await allManifests()).toHaveLength(1);
    expect(job.state.get()).toMatchObject({ status: 'done', snapshotId: newest, reused: true, fileName: null });
    expect(fakeBrowser.tabs.sendMessage).toHaveBeenCalledWith(TAB, { ipx: 'content.snapshotNow', wait: true });
  });

  it('one system changed: a new snapshot, trigger manual, is compared with', async () => {
    const systems = realSystems();
    const newest = await storedId(systems);
    consoleHas(systems.map((s, i) => (i === 1 ? changed(s, 'live') : s)));
    const result = await snapshotLive(TAB);
    expect(result.reused).toBe(false);
    expect(result.snapshotId).toBeGreaterThan(newest);
    const manifests = await allManifests();
    expect(manifests).toHaveLength(2);
    expect(manifests.find((m) => m.id === result.snapshotId)?.trigger).toBe('manual');
  });

  it('the session expired: the message says to sign in and compare again, and mentions no file', async () => {
    await storedId(realSystems());
    vi.mocked(collectExports).mockRejectedValue(new SessionExpiredError());
    await expect(snapshotLive(TAB)).rejects.toThrow(SESSION_EXPIRED_COMPARE);
    expect(SESSION_EXPIRED_COMPARE).toBe('Your console session has expired. Sign in to the console again (reload the page), then compare again.');
    // The console tab's own panel says it without a word of a file.
    const state = job.state.get();
    expect(state).toMatchObject({ status: 'stopped', reason: 'session' });
    const message = state.status === 'stopped' ? state.message : '';
    expect(message).toBe('Your console session has expired. Sign in to the console again (reload the page), then retry. No snapshot was kept.');
    expect(message).not.toMatch(/file|download/i);
    expect(await allManifests()).toHaveLength(1);
  });
});

describe('scheduled snapshots (no wait)', () => {
  it('unchanged: no snapshot kept; changed: one kept with trigger scheduled', async () => {
    const systems = realSystems();
    const newest = await storedId(systems);
    consoleHas(systems);
    expect(await fakeBrowser.tabs.sendMessage(TAB, { ipx: 'content.snapshotNow' })).toEqual({ started: true, origin: ORIGIN });
    await vi.waitFor(() => expect(job.state.get().status).toBe('done'));
    expect(job.state.get()).toMatchObject({ snapshotId: newest, reused: true });
    expect(await allManifests()).toHaveLength(1);

    consoleHas(systems.slice(1));
    await fakeBrowser.tabs.sendMessage(TAB, { ipx: 'content.snapshotNow' });
    await vi.waitFor(() => expect(job.state.get()).toMatchObject({ status: 'done', reused: false }));
    const manifests = await allManifests();
    expect(manifests).toHaveLength(2);
    expect(manifests[1]?.trigger).toBe('scheduled');
  });
});

describe('the export job: exports and "Snapshot now" keep a snapshot as before', () => {
  it.each([
    ['export', { download: false }],
    ['"Snapshot now"', { download: false, trigger: 'manual' as const }],
  ])('%s of an unchanged tenant stores a new snapshot', async (_what, options) => {
    const systems = realSystems();
    const newest = await storedId(systems);
    consoleHas(systems);
    await job.start(['source', 'target', 'proxy'], options);
    const state = job.state.get();
    expect(state).toMatchObject({ status: 'done', reused: false });
    expect(state.status === 'done' && state.snapshotId).toBeGreaterThan(newest);
    expect(await allManifests()).toHaveLength(2);
  });

  it('an export with download stopped by an expired session still says no file was downloaded', async () => {
    vi.mocked(collectExports).mockRejectedValue(new SessionExpiredError());
    await job.start(['source']);
    expect(job.state.get()).toMatchObject({ status: 'stopped', reason: 'session', message: expect.stringMatching(/then retry\. No file was downloaded and no snapshot was kept\.$/) });
  });
});

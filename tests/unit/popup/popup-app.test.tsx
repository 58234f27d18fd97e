import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { PopupApp } from '@/components/popup/PopupApp';
import { fakeApi, many, ORIGIN, OTHER, record, summary } from './fake-api.ts';

const rows = () => screen.queryAllByTestId('ipx-timeline-row');

describe('popup', () => {
  it('lists tenants with count and last snapshot; opens the one of the active console tab directly', async () => {
    const snapshots = [...many(3), ...many(2, OTHER).map((s) => ({ ...s, summary: { ...s.summary, id: s.summary.id + 10 } }))];
    const listed = render(<PopupApp api={fakeApi(snapshots)} hash="" />);
    const tenants = await screen.findAllByTestId('ipx-tenant');
    expect(tenants.map((t) => t.getAttribute('data-origin'))).toEqual([ORIGIN, OTHER]);
    expect(tenants[0]!.textContent).toContain('3 snapshots');
    listed.unmount();
    render(<PopupApp api={fakeApi(snapshots, { active: OTHER })} hash="" />);
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(rows().map((r) => r.getAttribute('data-id'))).toEqual(['12', '11']);
  });

  it('1,000 snapshots: renders only the rows on screen and asks the background for one page', async () => {
    const api = fakeApi(many(1000));
    render(<PopupApp api={api} hash={`#tenant=${ORIGIN}`} />);
    await waitFor(() => expect(rows().length).toBeGreaterThan(0));
    const timeline = screen.getByTestId('ipx-timeline');
    expect(timeline.getAttribute('data-total')).toBe('1000');
    expect(rows().length).toBeLessThanOrEqual(20);
    expect(api.calls.list).toEqual([[0, 50]]);
    // Scrolling to row ~600 fetches that page only, and renders rows around it.
    timeline.scrollTop = 600 * 56;
    fireEvent.scroll(timeline);
    await waitFor(() => expect(rows().some((r) => r.getAttribute('data-index') === '600')).toBe(true));
    expect(api.calls.list).toEqual([[0, 50], [550, 50], [600, 50]]);
    expect(rows().length).toBeLessThanOrEqual(20);
  });

  it('keyboard: arrows move, Enter opens the snapshot, Space picks it; two picks compare', async () => {
    const api = fakeApi([
      { summary: summary(1), records: [record('A', 'source')] },
      { summary: summary(2), records: [record('A', 'source', { URL: 'https://changed.example.com' })] },
    ]);
    render(<PopupApp api={api} hash={`#tenant=${ORIGIN}`} />);
    await waitFor(() => expect(rows()).toHaveLength(2));
    const timeline = screen.getByTestId('ipx-timeline');
    fireEvent.focus(timeline);
    fireEvent.keyDown(timeline, { key: 'ArrowDown' });
    expect(timeline.getAttribute('aria-activedescendant')).toBe('ipx-row-1');
    fireEvent.keyDown(timeline, { key: 'Enter' });
    expect((await screen.findByTestId('ipx-detail')).getAttribute('data-id')).toBe('1');
    fireEvent.keyDown(timeline, { key: ' ' });
    fireEvent.keyDown(timeline, { key: 'ArrowUp' });
    fireEvent.keyDown(timeline, { key: ' ' });
    expect(rows().map((r) => r.getAttribute('aria-selected'))).toEqual(['true', 'true']);
    fireEvent.click(screen.getByTestId('ipx-compare'));
    expect((await screen.findByTestId('ipx-compare-summary')).textContent).toBe('1 changed (1 change)');
    expect(screen.getAllByTestId('ipx-compare-side').map((s) => s.getAttribute('data-id'))).toEqual(['1', '2']);
    expect(await screen.findByTestId('ipx-diff-properties')).toBeTruthy();
  });

  it('a snapshot: systems with search, pin and label, delete only after confirming', async () => {
    const api = fakeApi([{ summary: summary(7), records: [record('Workday source', 'source'), record('SuccessFactors target', 'target'), record('Proxy one', 'proxy')] }]);
    const onRoute = vi.fn();
    render(<PopupApp api={api} hash={`#tenant=${ORIGIN}&id=7`} onRoute={onRoute} />);
    await screen.findByTestId('ipx-detail');
    expect(screen.getAllByTestId('ipx-system')).toHaveLength(3);
    fireEvent.input(screen.getByTestId('ipx-system-search'), { target: { value: 'success' } });
    expect(screen.getAllByTestId('ipx-system').map((s) => s.getAttribute('data-name'))).toEqual(['SuccessFactors target']);

    fireEvent.click(screen.getByTestId('ipx-pin'));
    await waitFor(() => expect(api.update).toHaveBeenCalledWith(7, { pinned: true }));
    fireEvent.click(screen.getByTestId('ipx-label-edit'));
    fireEvent.input(screen.getByTestId('ipx-label-input'), { target: { value: '  go-live  ' } });
    fireEvent.click(screen.getByTestId('ipx-label-save'));
    await waitFor(() => expect(api.update).toHaveBeenCalledWith(7, { label: 'go-live' }));
    await waitFor(() => expect(within(rows()[0]!).getByText('go-live')).toBeTruthy());
    expect(within(rows()[0]!).getByText('pinned')).toBeTruthy();

    fireEvent.click(screen.getByTestId('ipx-delete'));
    const dialog = screen.getByTestId('ipx-confirm');
    expect(document.activeElement).toBe(within(dialog).getByTestId('ipx-confirm-cancel'));
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByTestId('ipx-confirm')).toBeNull();
    expect(api.remove).not.toHaveBeenCalled();
    fireEvent.click(screen.getByTestId('ipx-delete'));
    fireEvent.click(screen.getByTestId('ipx-confirm-ok'));
    await waitFor(() => expect(api.remove).toHaveBeenCalledWith(7));
    await waitFor(() => expect(screen.getByTestId('ipx-timeline').getAttribute('data-total')).toBe('0'));
    expect(screen.queryByTestId('ipx-detail')).toBeNull();
    expect(onRoute).toHaveBeenLastCalledWith(`#tenant=${encodeURIComponent(ORIGIN)}`);
  });

  it('a damaged snapshot is flagged, viewable, and its download refused with the reason', async () => {
    const problem = 'The stored record of source system "A" does not match its hash: it was changed after it was stored.';
    const api = fakeApi([{ summary: summary(3, { damaged: true, damage: [problem] }), records: [record('A', 'source')], problems: [problem] }]);
    vi.mocked(api.download).mockRejectedValue(new Error(`Snapshot #3 is damaged and cannot be downloaded: ${problem}`));
    render(<PopupApp api={api} hash={`#tenant=${ORIGIN}&id=3`} />);
    expect((await screen.findByTestId('ipx-damage')).textContent).toContain(problem);
    expect(screen.getByTestId('ipx-damaged')).toBeTruthy();
    expect(screen.getAllByTestId('ipx-system')).toHaveLength(1);
    fireEvent.click(screen.getByTestId('ipx-download'));
    expect((await screen.findByTestId('ipx-action-error')).textContent).toContain('cannot be downloaded: The stored record');
  });

  it('compare with live: offered when a console tab is open; the tab’s snapshot is compared', async () => {
    const api = fakeApi([
      { summary: summary(1), records: [record('A', 'source')] },
      { summary: summary(2, { trigger: 'manual' }), records: [record('A', 'source'), record('B', 'source')] },
    ], { live: 99 });
    vi.mocked(api.snapshotLive).mockResolvedValue({ snapshotId: 2, reused: false });
    render(<PopupApp api={api} hash={`#tenant=${ORIGIN}&id=1`} />);
    fireEvent.click(await screen.findByTestId('ipx-compare-live'));
    expect((await screen.findByTestId('ipx-compare-summary')).textContent).toBe('1 added, 1 unchanged');
    expect(api.snapshotLive).toHaveBeenCalledWith(99);
    expect(screen.queryByTestId('ipx-live-reused')).toBeNull();
  });

  it('compare with live, nothing changed: the newest snapshot stands for the live tenant and the popup says so', async () => {
    const api = fakeApi([
      { summary: summary(1), records: [record('A', 'source')] },
      { summary: summary(2, { trigger: 'manual' }), records: [record('A', 'source'), record('B', 'source')] },
    ], { live: 99 });
    vi.mocked(api.snapshotLive).mockResolvedValue({ snapshotId: 2, reused: true });
    render(<PopupApp api={api} hash={`#tenant=${ORIGIN}&id=1`} />);
    fireEvent.click(await screen.findByTestId('ipx-compare-live'));
    expect((await screen.findByTestId('ipx-live-reused')).textContent).toBe('The live tenant is identical to snapshot #2; no new snapshot was kept.');
    expect((await screen.findByTestId('ipx-compare-summary')).textContent).toBe('1 added, 1 unchanged');
  });

  it('no console tab: no "Compare with live"; a failing live snapshot shows why', async () => {
    const api = fakeApi(many(1));
    render(<PopupApp api={api} hash={`#tenant=${ORIGIN}&id=1`} />);
    await screen.findByTestId('ipx-detail');
    expect(screen.queryByTestId('ipx-compare-live')).toBeNull();
    const live = fakeApi(many(1), { live: 5 });
    vi.mocked(live.snapshotLive).mockRejectedValue(new Error('An export is already running in this console tab.'));
    render(<PopupApp api={live} hash={`#tenant=${ORIGIN}&id=1`} />);
    fireEvent.click(await screen.findByTestId('ipx-compare-live'));
    expect((await screen.findByTestId('ipx-live-error')).textContent).toBe('An export is already running in this console tab.');
  });

  it('shows storage use; an empty store says how to get snapshots', async () => {
    render(<PopupApp api={fakeApi([])} hash="" />);
    expect(await screen.findByTestId('ipx-no-tenants')).toBeTruthy();
    expect((await screen.findByTestId('ipx-storage')).textContent).toBe('2.5 MB · 0 snapshots');
  });
});

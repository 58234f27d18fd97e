import { describe, expect, it, vi } from 'vitest';
import { formatAgo, formatBytes } from '@/lib/popup/format';
import { PagedSnapshots } from '@/lib/popup/paged';
import { formatRoute, parseRoute, type Route } from '@/lib/popup/route';
import { nextIndex, scrollToShow, visibleRange } from '@/lib/popup/window';
import { summary } from './fake-api.ts';

describe('windowed list', () => {
  it.each([
    // scrollTop, viewport, row, count → range (overscan 4)
    [0, 400, 50, 1000, { start: 0, end: 12 }],
    [5000, 400, 50, 1000, { start: 96, end: 112 }],
    [49_800, 400, 50, 1000, { start: 992, end: 1000 }],
    [0, 400, 50, 3, { start: 0, end: 3 }],
    [0, 400, 50, 0, { start: 0, end: 0 }],
    [-20, 400, 50, 10, { start: 0, end: 10 }],
  ])('visibleRange(%i, %i, %i, %i)', (top, viewport, row, count, expected) => {
    expect(visibleRange(top, viewport, row, count)).toEqual(expected);
  });

  it.each([
    [10, 0, 400, 50, 150], // below: scroll so it is the last visible row
    [2, 300, 400, 50, 100], // above: scroll up to it
    [5, 100, 400, 50, 100], // visible: no move
  ])('scrollToShow(%i) from %i', (index, top, viewport, row, expected) => {
    expect(scrollToShow(index, top, viewport, row)).toBe(expected);
  });

  it.each([
    ['ArrowDown', -1, 0],
    ['ArrowDown', 5, 6],
    ['ArrowDown', 9, 9],
    ['ArrowUp', 0, 0],
    ['PageDown', 2, 9],
    ['PageUp', 8, 1],
    ['Home', 7, 0],
    ['End', 0, 9],
    ['a', 3, null],
  ])('nextIndex(%s) from %i', (key, from, expected) => {
    expect(nextIndex(key, from, 10, 7)).toBe(expected);
  });
});

describe('paged snapshots', () => {
  const fetcher = () => vi.fn(async (offset: number, limit: number) => ({ total: 120, items: Array.from({ length: Math.min(limit, 120 - offset) }, (_, i) => summary(1000 - offset - i)) }));

  it('fetches only the pages asked for, once each, even when asked twice at once', async () => {
    const fetch = fetcher();
    const paged = new PagedSnapshots(fetch, 50);
    await Promise.all([paged.ensure(0, 10), paged.ensure(5, 20)]);
    expect(fetch.mock.calls).toEqual([[0, 50]]);
    expect(paged.total).toBe(120);
    expect(paged.get(0)?.id).toBe(1000);
    expect(paged.get(60)).toBeUndefined();
    await paged.ensure(45, 105);
    expect(fetch.mock.calls).toEqual([[0, 50], [50, 50], [100, 50]]);
    expect(paged.get(119)?.id).toBe(881);
    await paged.ensure(200, 210);
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  it('replaces a row in place; invalidate forgets every page and ignores answers still under way', async () => {
    const fetch = fetcher();
    const paged = new PagedSnapshots(fetch, 50);
    const seen = vi.fn();
    paged.subscribe(seen);
    await paged.ensure(0, 1);
    paged.replace({ ...paged.get(3)!, label: 'gold' });
    expect(paged.get(3)?.label).toBe('gold');
    const late = paged.ensure(50, 51);
    paged.invalidate();
    await late;
    expect(paged.get(0)).toBeUndefined();
    expect(paged.get(50)).toBeUndefined();
    expect(seen).toHaveBeenCalled();
  });

  it('keeps the error of a failed page for the view', async () => {
    const paged = new PagedSnapshots(async () => Promise.reject(new Error('The extension background did not answer.')));
    await paged.ensure(0, 1);
    expect(paged.error).toBe('The extension background did not answer.');
  });
});

describe('popup route in the URL hash', () => {
  const routes: Route[] = [
    { view: 'tenants' },
    { view: 'tenant', origin: 'https://t.accounts.ondemand.com', id: null },
    { view: 'tenant', origin: 'http://127.0.0.1:5173', id: 42 },
    { view: 'compare', left: 3, right: 9, origin: 'https://t.accounts.ondemand.com' },
    { view: 'compare', left: 3, right: 9, origin: null },
  ];
  it.each(routes)('round trip %o', (route) => {
    expect(parseRoute(formatRoute(route))).toEqual(route);
  });
  it.each(['', '#', '#tenant=javascript:alert(1)', '#compare=1', '#compare=a,b', '#tenant=https://x.com/path'])('refuses %s', (hash) => {
    expect(parseRoute(hash)).toBeNull();
  });
});

describe('formatting', () => {
  it.each([
    [0, '0 B'],
    [999, '999 B'],
    [1000, '1.0 kB'],
    [15_300, '15 kB'],
    [2_500_000, '2.5 MB'],
    [null, '–'],
  ])('formatBytes(%s)', (n, text) => expect(formatBytes(n)).toBe(text));

  it.each([
    [30_000, 'just now'],
    [5 * 60_000, '5 min ago'],
    [3 * 3_600_000, '3 h ago'],
    [2 * 86_400_000, '2 days ago'],
  ])('formatAgo(-%i ms)', (ms, text) => {
    const now = Date.parse('2025-11-03T12:00:00Z');
    expect(formatAgo(new Date(now - ms).toISOString(), now)).toBe(text);
  });
});

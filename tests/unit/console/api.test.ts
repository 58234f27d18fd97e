import { describe, expect, it } from 'vitest';
import { ConsoleClient } from '@/lib/console/api';
import { ConsoleError, RetryBudgetSpentError, SessionExpiredError } from '@/lib/console/errors';
import { fakeClock } from './fake-clock.ts';

type Handler = (url: URL, init: RequestInit) => Response | Promise<Response>;

function client(handler: Handler, extra: Partial<ConstructorParameters<typeof ConsoleClient>[0]> = {}) {
  const calls: Array<{ url: URL; init: RequestInit; headers: Record<string, string> }> = [];
  const fetchImpl = (async (input: string, init: RequestInit) => {
    const url = new URL(input);
    calls.push({ url, init, headers: (init.headers ?? {}) as Record<string, string> });
    return handler(url, init);
  }) as unknown as typeof fetch;
  const clock = fakeClock(1_000_000);
  const c = new ConsoleClient({ origin: 'https://t.accounts.ondemand.com', fetch: fetchImpl, clock, budget: { perMinute: 6000, inFlight: 4 }, ...extra });
  return { c, calls, clock };
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

const summaries = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ id: `id-${from + i}`, name: `S${from + i}`, connectorTypeString: 'X', accessMode: 'READ' }));

describe('ConsoleClient', () => {
  it('reads every page of a list with count=100 and the kind as accessMode', async () => {
    const { c, calls } = client((url) => {
      const start = Number(url.searchParams.get('startIndex'));
      const n = Math.max(0, Math.min(100, 257 - start + 1));
      return json({ totalResults: 257, startIndex: start, itemsPerPage: n, Resources: summaries(start, n) });
    });
    const all = await c.listSystems('target');
    expect(all).toHaveLength(257);
    expect(new Set(all.map((s) => s.id)).size).toBe(257);
    expect(calls.map((x) => x.url.searchParams.get('startIndex'))).toEqual(['1', '101', '201']);
    expect(calls.every((x) => x.url.searchParams.get('count') === '100' && x.url.searchParams.get('accessMode') === 'WRITE')).toBe(true);
    expect(calls[0]!.url.pathname).toBe('/ips/service/api/v1/systems');
  });

  it('stops on an empty page even if totalResults overstates (SCIM estimate)', async () => {
    const { c, calls } = client((url) => {
      const start = Number(url.searchParams.get('startIndex'));
      return json({ totalResults: 500, startIndex: start, itemsPerPage: 0, Resources: start === 1 ? summaries(1, 30) : [] });
    });
    expect(await c.listSystems('source')).toHaveLength(30);
    expect(calls).toHaveLength(2);
  });

  it('asks for a CSRF token on the first GET and sends it on writes; refreshes once on 403 Required', async () => {
    let token = 'T1';
    const { c, calls } = client((url, init) => {
      if (init.method === 'GET') return json({ totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] }, 200, { 'X-CSRF-Token': token });
      const sent = (init.headers as Record<string, string>)['X-CSRF-Token'];
      if (sent !== token) return json({ error: { code: 'CSRF', message: 'no' } }, 403, { 'X-CSRF-Token': 'Required' });
      return json({ ok: true }, 201);
    });
    await c.listSystems('source');
    expect(calls[0]!.headers['X-CSRF-Token']).toBe('Fetch');
    token = 'T2'; // the session renewed
    await expect(c.json({ method: 'POST', path: '/systems', body: { name: 'n' } })).resolves.toEqual({ ok: true });
    const writes = calls.filter((x) => x.init.method === 'POST');
    expect(writes.map((w) => w.headers['X-CSRF-Token'])).toEqual(['T1', 'T2']);
  });

  it('turns 401 into "sign in again" without retrying', async () => {
    const { c, calls } = client(() => json({ error: { code: 'UNAUTHORIZED', message: 'x' } }, 401));
    await expect(c.getSystem('a')).rejects.toBeInstanceOf(SessionExpiredError);
    expect(calls).toHaveLength(1);
  });

  it('backs off on 429 for the Retry-After seconds and pauses everyone', async () => {
    let n = 0;
    const { c, clock } = client(() => (++n <= 2 ? json({}, 429, { 'Retry-After': '3' }) : json({ id: 'a' })));
    const t0 = clock.time;
    await expect(c.getSystem('a')).resolves.toEqual({ id: 'a' });
    expect(c.stats.status429).toBe(2);
    expect(clock.time - t0).toBeGreaterThanOrEqual(6000);
  });

  it('backs off exponentially on 429 without Retry-After', async () => {
    let n = 0;
    const { c, clock } = client(() => (++n <= 3 ? json({}, 429) : json({ id: 'a' })));
    const t0 = clock.time;
    await c.getSystem('a');
    // 1 s + 2 s + 4 s, each ±20 %
    expect(clock.time - t0).toBeGreaterThanOrEqual(0.8 * 7000);
  });

  it('retries 5xx and dropped connections, then fails that request only', async () => {
    let n = 0;
    const { c } = client(() => {
      n++;
      if (n === 1) throw new TypeError('Failed to fetch');
      return json({ error: { code: 'X', message: 'boom' } }, 503);
    }, { maxAttempts: 4 });
    const err = (await c.getSystem("a").catch((e: unknown) => e)) as ConsoleError;
    expect(err).toBeInstanceOf(ConsoleError);
    expect(err.code).toBe('TRANSIENT_FAILED');
    expect(n).toBe(4);
    expect(c.stats.dropped).toBe(1);
  });

  it('gives up when nothing succeeds within the retry budget', async () => {
    const { c } = client(() => json({}, 429, { 'Retry-After': '30' }), { retryBudgetMs: 60_000 });
    await expect(c.getSystem('a')).rejects.toBeInstanceOf(RetryBudgetSpentError);
  });

  it('does not retry a 4xx and reports the console message', async () => {
    const { c, calls } = client(() => json({ error: { code: 'NAME_TAKEN', message: 'A system with this name already exists' } }, 409));
    const err = (await c.json({ method: "GET", path: "/systems/x" }).catch((e: unknown) => e)) as ConsoleError;
    expect(err.message).toBe('A system with this name already exists');
    expect(err.status).toBe(409);
    expect(calls).toHaveLength(1);
  });

  it('returns the export bytes untouched', async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d]);
    const { c, calls } = client(() => new Response(bytes, { status: 200 }));
    expect([...(await c.exportSystem('abc'))]).toEqual([...bytes]);
    expect(calls[0]!.url.pathname + calls[0]!.url.search).toBe('/ips/service/api/v1/systems/abc/export?format=json');
  });
});

describe('ConsoleClient writes', () => {
  it('never re-sends a POST that got a 5xx or no answer (it may have been applied)', async () => {
    for (const fail of [() => json({}, 502), () => { throw new TypeError('Failed to fetch'); }]) {
      let posts = 0;
      const { c } = client((_url, init) => {
        if (init.method === 'GET') return json({ totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] }, 200, { 'X-CSRF-Token': 'T' });
        posts++;
        return fail();
      });
      const err = (await c.json({ method: 'POST', path: '/systems', body: {} }).catch((e: unknown) => e)) as ConsoleError;
      expect(err.code).toBe('WRITE_OUTCOME_UNKNOWN');
      expect(posts).toBe(1);
    }
  });

  it('does retry a POST refused with 429 (the console did not process it)', async () => {
    let posts = 0;
    const { c } = client((_url, init) => {
      if (init.method === 'GET') return json({ totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] }, 200, { 'X-CSRF-Token': 'T' });
      return ++posts === 1 ? json({}, 429, { 'Retry-After': '1' }) : json({ id: 'n' }, 201);
    });
    await expect(c.json({ method: 'POST', path: '/systems', body: {} })).resolves.toEqual({ id: 'n' });
    expect(posts).toBe(2);
  });
});

import type { SystemFile, SystemKind } from '@/lib/model/system';
import { DEFAULT_PROFILE, type EndpointProfile, type ListPage, type SystemSummary } from './profile.ts';
import { DEFAULT_BUDGET, RequestBudget, realClock, type BudgetOptions, type Clock } from './budget.ts';
import { CancelledError, ConsoleError, RetryBudgetSpentError, SessionExpiredError, WriteOutcomeUnknownError } from './errors.ts';

export interface ClientOptions {
  origin: string;
  profile?: EndpointProfile;
  budget?: BudgetOptions;
  /** How long the client keeps retrying without a single success before it gives up (ms). */
  retryBudgetMs?: number;
  /** Attempts per request for 5xx and dropped connections before that request fails. */
  maxAttempts?: number;
  requestTimeoutMs?: number;
  fetch?: typeof fetch;
  clock?: Clock;
  signal?: AbortSignal;
}

export interface ClientStats {
  requests: number;
  retries: number;
  status429: number;
  status5xx: number;
  dropped: number;
  csrfFetches: number;
}

/** A system the console saved, and what it said about it (e.g. dropped `relatedSystems` names). */
export interface SavedSystem {
  system: SystemFile;
  warnings: string[];
}

interface RequestSpec {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  body?: unknown;
}

const TRANSIENT = new Set([500, 502, 503, 504]);

/**
 * The console's system API, called from the content script (page origin, session cookie, CSRF token).
 * Every request goes through the budget; 429/5xx/dropped connections back off and retry; 401 ends the
 * operation with "sign in again"; 403 CSRF-Required refreshes the token and retries once.
 */
export class ConsoleClient {
  readonly stats: ClientStats = { requests: 0, retries: 0, status429: 0, status5xx: 0, dropped: 0, csrfFetches: 0 };
  readonly budget: RequestBudget;
  private readonly profile: EndpointProfile;
  private readonly clock: Clock;
  private readonly fetchImpl: typeof fetch;
  private csrfToken: string | null = null;
  private lastProgress: number;
  private consecutive429 = 0;

  constructor(private readonly options: ClientOptions) {
    this.profile = options.profile ?? DEFAULT_PROFILE;
    this.clock = options.clock ?? realClock;
    this.budget = new RequestBudget(options.budget ?? DEFAULT_BUDGET, this.clock);
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.lastProgress = this.clock.now();
  }

  /** Every system of one kind, all pages (page size = the endpoint's maximum). */
  async listSystems(kind: SystemKind, filter?: string): Promise<SystemSummary[]> {
    const p = this.profile;
    const all: SystemSummary[] = [];
    for (let start = 1; ; ) {
      const q = new URLSearchParams({
        [p.params.accessMode]: p.accessMode[kind],
        [p.params.startIndex]: String(start),
        [p.params.count]: String(p.maxPageSize),
      });
      if (filter) q.set(p.params.filter, filter);
      const page = (await this.json({ method: 'GET', path: `${p.systems}?${q}` })) as ListPage;
      const items = Array.isArray(page?.Resources) ? page.Resources : [];
      all.push(...items);
      start += items.length;
      if (items.length === 0 || all.length >= (page.totalResults ?? 0)) return all;
    }
  }

  async getSystem(id: string): Promise<unknown> {
    return this.json({ method: 'GET', path: `${this.profile.systems}/${encodeURIComponent(id)}` });
  }

  /** The exact bytes of the console's own Export of one system. */
  async exportSystem(id: string, format: 'json' | 'csv' = 'json'): Promise<Uint8Array> {
    const res = await this.send({ method: 'GET', path: this.profile.exportPath(id, format) });
    return new Uint8Array(await res.arrayBuffer());
  }

  /** POST: creates a system from a system file (the console ignores its `id`); 201 with the new system. */
  async createSystem(body: SystemFile): Promise<SavedSystem> {
    return saved(await this.json({ method: 'POST', path: this.profile.systems, body }));
  }

  /**
   * PUT: replaces the editable fields. `encryptedProperties` values: `null` keeps the stored secret, a
   * string replaces it. The console requires `changeDescription` (top level) when a transformation changes.
   */
  async updateSystem(id: string, body: SystemFile, changeDescription?: string): Promise<SavedSystem> {
    const payload = changeDescription === undefined ? body : { ...body, changeDescription };
    return saved(await this.json({ method: 'PUT', path: this.systemPath(id), body: payload }));
  }

  /** DELETE: 204. */
  async deleteSystem(id: string): Promise<void> {
    await this.send({ method: 'DELETE', path: this.systemPath(id) });
  }

  async json(spec: RequestSpec): Promise<unknown> {
    const res = await this.send(spec);
    if (res.status === 204) return null;
    return res.json();
  }

  /** One logical request, with retries; resolves only with a 2xx response. */
  async send(spec: RequestSpec): Promise<Response> {
    let attempt = 0;
    let csrfRetried = false;
    for (;;) {
      this.checkCancelled();
      if (spec.method !== 'GET' && !this.csrfToken) await this.fetchCsrfToken();
      const res = await this.attempt(spec).catch((e: unknown) => {
        if (e instanceof ConsoleError) throw e;
        return null; // dropped connection or timeout
      });
      if (res?.ok) {
        this.budget.recover();
        this.lastProgress = this.clock.now();
        this.consecutive429 = 0;
        return res;
      }
      if (res?.status === 401) throw new SessionExpiredError();
      if (res?.status === 403 && this.isCsrfRequired(res) && !csrfRetried) {
        csrfRetried = true;
        this.csrfToken = null;
        await this.fetchCsrfToken();
        continue;
      }
      if (res && res.status !== 429 && !TRANSIENT.has(res.status)) throw await this.httpError(res, spec);
      // A POST that got no answer or a 5xx may still have created the system: never send it twice.
      if (spec.method === 'POST' && res?.status !== 429) throw new WriteOutcomeUnknownError(res?.status);
      attempt += 1;
      await this.backOff(res, attempt, spec);
    }
  }

  private async attempt(spec: RequestSpec): Promise<Response> {
    const release = await this.budget.acquire(this.options.signal).catch(() => {
      throw new CancelledError();
    });
    try {
      const headers: Record<string, string> = { Accept: 'application/json' };
      const csrf = this.profile.csrf;
      if (spec.method === 'GET' && !this.csrfToken) headers[csrf.header] = csrf.fetch;
      if (spec.method !== 'GET') headers[csrf.header] = this.csrfToken ?? '';
      if (spec.body !== undefined) headers['Content-Type'] = 'application/json';
      this.stats.requests += 1;
      const res = await this.fetchImpl(this.url(spec.path), {
        method: spec.method,
        headers,
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        credentials: 'same-origin',
        signal: this.timeoutSignal(),
      });
      const token = res.headers.get(csrf.header);
      if (token && token !== csrf.required) this.csrfToken = token;
      return res;
    } finally {
      release();
    }
  }

  /** A cheap GET (a list page of one) that carries `X-CSRF-Token: Fetch`; only writes need it. */
  private async fetchCsrfToken(): Promise<void> {
    const p = this.profile;
    this.stats.csrfFetches += 1;
    const res = await this.send({ method: 'GET', path: `${p.systems}?${p.params.count}=1` });
    if (!this.csrfToken) {
      throw new ConsoleError('The console did not hand out a CSRF token; reload the page and retry.', 'NO_CSRF', res.status);
    }
  }

  private async backOff(res: Response | null, attempt: number, spec: RequestSpec): Promise<void> {
    const what = res ? `HTTP ${res.status}` : 'connection dropped';
    if (this.clock.now() - this.lastProgress > (this.options.retryBudgetMs ?? 120_000)) {
      throw new RetryBudgetSpentError(what, Math.round((this.options.retryBudgetMs ?? 120_000) / 1000));
    }
    this.stats.retries += 1;
    if (res?.status === 429) {
      this.stats.status429 += 1;
      this.consecutive429 += 1;
      this.budget.slowDown();
      const retryAfter = Number(res.headers.get('Retry-After'));
      const wait = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : jitter(1000 * 2 ** Math.min(this.consecutive429 - 1, 5));
      this.budget.pause(Math.min(wait, 60_000));
      return;
    }
    if (res) this.stats.status5xx += 1;
    else this.stats.dropped += 1;
    if (attempt >= (this.options.maxAttempts ?? 5)) {
      throw new ConsoleError(`${spec.method} failed after ${attempt} attempts (${what}).`, 'TRANSIENT_FAILED', res?.status);
    }
    await this.clock.sleep(jitter(500 * 2 ** (attempt - 1)), this.options.signal).catch(() => {
      throw new CancelledError();
    });
  }

  private isCsrfRequired(res: Response): boolean {
    return res.headers.get(this.profile.csrf.header)?.toLowerCase() === this.profile.csrf.required.toLowerCase();
  }

  private async httpError(res: Response, spec: RequestSpec): Promise<ConsoleError> {
    const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    const message = body?.error?.message ?? `${spec.method} ${spec.path.split('?')[0]} answered HTTP ${res.status}.`;
    return new ConsoleError(message, body?.error?.code ?? `HTTP_${res.status}`, res.status);
  }

  private checkCancelled(): void {
    if (this.options.signal?.aborted) throw new CancelledError();
  }

  private timeoutSignal(): AbortSignal {
    const timeout = AbortSignal.timeout(this.options.requestTimeoutMs ?? 60_000);
    return this.options.signal ? AbortSignal.any([timeout, this.options.signal]) : timeout;
  }

  private systemPath(id: string): string {
    return `${this.profile.systems}/${encodeURIComponent(id)}`;
  }

  private url(path: string): string {
    return `${this.options.origin}${this.profile.apiBase}${path}`;
  }
}

/** The response of a write: the system, with the console's `warnings` taken out of it. */
function saved(response: unknown): SavedSystem {
  if (!response || typeof response !== 'object' || Array.isArray(response)) {
    throw new ConsoleError('The console answered a write without the saved system; reload the page to see its state.', 'BAD_RESPONSE');
  }
  const { warnings, ...system } = response as Record<string, unknown>;
  const list = Array.isArray(warnings) ? warnings.filter((w): w is string => typeof w === 'string') : [];
  return { system: system as SystemFile, warnings: list };
}

function jitter(ms: number): number {
  return ms * (0.8 + Math.random() * 0.4);
}

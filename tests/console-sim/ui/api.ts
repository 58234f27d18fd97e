/**
 * The page's client for the system API: same origin, session cookie, SAPUI5-style CSRF token
 * (fetched with `X-CSRF-Token: Fetch` on a GET, sent on writes, fetched again once on 403 Required).
 */
import type { AccessMode, ListResponse, SystemRecord } from './types.ts';

export const API_BASE = '/ips/service/api/v1';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export class ApiClient {
  private csrfToken: string | null = null;

  /** `onUnauthorized` runs on every 401 (the real console would send the user to the login page). */
  constructor(private readonly onUnauthorized: () => void) {}

  listSystems(accessMode: AccessMode, startIndex: number, count: number, filter: string): Promise<ListResponse> {
    const query = new URLSearchParams({ accessMode, startIndex: String(startIndex), count: String(count) });
    if (filter) query.set('filter', filter);
    return this.json<ListResponse>('GET', `/systems?${query.toString()}`);
  }

  getSystem(id: string): Promise<SystemRecord> {
    return this.json<SystemRecord>('GET', `/systems/${encodeURIComponent(id)}`);
  }

  createSystem(body: Record<string, unknown>): Promise<SystemRecord> {
    return this.json<SystemRecord>('POST', '/systems', body);
  }

  updateSystem(id: string, body: Record<string, unknown>): Promise<SystemRecord> {
    return this.json<SystemRecord>('PUT', `/systems/${encodeURIComponent(id)}`, body);
  }

  async deleteSystem(id: string): Promise<void> {
    await this.send('DELETE', `/systems/${encodeURIComponent(id)}`);
  }

  async exportSystem(id: string, format: 'json' | 'csv'): Promise<Blob> {
    const res = await this.send('GET', `/systems/${encodeURIComponent(id)}/export?format=${format}`);
    return res.blob();
  }

  private async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.send(method, path, body);
    return (await res.json()) as T;
  }

  private async send(method: string, path: string, body?: unknown, retried = false): Promise<Response> {
    const write = method !== 'GET';
    if (write && this.csrfToken === null) await this.fetchToken();
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (!write && this.csrfToken === null) headers['X-CSRF-Token'] = 'Fetch';
    if (write && this.csrfToken) headers['X-CSRF-Token'] = this.csrfToken;
    const res = await fetch(API_BASE + path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    this.rememberToken(res);
    if (res.status === 401) {
      this.csrfToken = null;
      this.onUnauthorized();
    }
    if (res.status === 403 && write && !retried && isTokenRequired(res)) {
      this.csrfToken = null;
      return this.send(method, path, body, true);
    }
    if (!res.ok) throw await toError(res);
    return res;
  }

  private async fetchToken(): Promise<void> {
    const res = await fetch(`${API_BASE}/systems?accessMode=READ&startIndex=1&count=1`, {
      headers: { Accept: 'application/json', 'X-CSRF-Token': 'Fetch' },
      credentials: 'same-origin',
    });
    if (res.status === 401) this.onUnauthorized();
    if (!res.ok) throw await toError(res);
    // Without CSRF protection there is no token; writes then go without one.
    this.csrfToken = tokenFrom(res) ?? '';
  }

  private rememberToken(res: Response): void {
    const token = tokenFrom(res);
    if (token) this.csrfToken = token;
  }
}

function tokenFrom(res: Response): string | null {
  const value = res.headers.get('X-CSRF-Token');
  return value && value.toLowerCase() !== 'required' ? value : null;
}

function isTokenRequired(res: Response): boolean {
  return (res.headers.get('X-CSRF-Token') ?? '').toLowerCase() === 'required';
}

async function toError(res: Response): Promise<ApiError> {
  let message = `${res.status} ${res.statusText}`.trim();
  let code: string | undefined;
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string } };
    if (body.error?.message) message = body.error.message;
    code = body.error?.code;
  } catch {
    // not JSON (e.g. a proxy error page): keep the status line
  }
  return new ApiError(res.status, message, code);
}

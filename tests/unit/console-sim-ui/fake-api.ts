/**
 * An in-memory stand-in for the simulator's system API, installed as `globalThis.fetch`, so the console
 * page can be tested in happy-dom without a server. Only what the page uses.
 */
import { vi } from 'vitest';

export interface FakeSystem {
  id: string;
  name: string;
  connectorTypeString: string;
  accessMode: 'READ' | 'WRITE' | 'PROXY';
  state?: string;
  systemManagementType?: string;
  [key: string]: unknown;
}

export interface LoggedCall {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: unknown;
  status: number;
}

export interface FakeApi {
  systems: FakeSystem[];
  calls: LoggedCall[];
  /** Every API request answers 401 while true. */
  expired: boolean;
  /** Changes the valid CSRF token (a page holding the old one gets 403 Required once). */
  rotateToken(): void;
  listCalls(): URLSearchParams[];
}

const BASE = '/ips/service/api/v1/systems';

export function makeSystems(accessMode: FakeSystem['accessMode'], customer: number, sap: number, disabledCustomer = 0): FakeSystem[] {
  const out: FakeSystem[] = [];
  for (let i = 0; i < customer + sap; i++) {
    const isSap = i >= customer;
    out.push({
      id: `00000000-0000-4000-8000-${String(out.length + (accessMode === 'READ' ? 0 : accessMode === 'WRITE' ? 1000 : 2000)).padStart(12, '0')}`,
      name: `${isSap ? 'SAP' : 'Cust'} ${accessMode} ${String(isSap ? i - customer : i).padStart(2, '0')}`,
      connectorTypeString: 'LOCAL_IDENTITY_DIRECTORY_CC',
      accessMode,
      state: !isSap && i < disabledCustomer ? 'DISABLED' : 'ENABLED',
      systemManagementType: isSap ? 'SAP_INITIATED' : 'CUSTOMER_MANAGED',
      destinationName: '',
      properties: { URL: 'https://example.com', 'ips.date.variable.format': 'yyyy-MM-dd' },
      encryptedProperties: { Password: null },
      transformation: { user: { mappings: [{ sourcePath: '$.id', targetPath: '$.id' }] } },
    });
  }
  return out;
}

function rank(s: FakeSystem): number {
  const sap = s.systemManagementType !== undefined && s.systemManagementType !== 'CUSTOMER_MANAGED';
  return (sap ? 2 : 0) + (s.state === 'DISABLED' ? 1 : 0);
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

export function installFakeApi(systems: FakeSystem[]): FakeApi {
  let token = 'token-1';
  let tokenNo = 1;
  const api: FakeApi = {
    systems,
    calls: [],
    expired: false,
    rotateToken: () => {
      token = `token-${++tokenNo}`;
    },
    listCalls: () => api.calls.filter((c) => c.method === 'GET' && c.url.pathname === BASE).map((c) => c.url.searchParams),
  };

  const handle = (method: string, url: URL, headers: Record<string, string>, body: unknown): Response => {
    if (api.expired) return json(401, { error: { code: 'UNAUTHORIZED', message: 'Session expired' } });
    const out: Record<string, string> = headers['x-csrf-token'] === 'Fetch' ? { 'X-CSRF-Token': token } : {};
    if (method !== 'GET' && headers['x-csrf-token'] !== token) {
      return json(403, { error: { code: 'CSRF', message: 'CSRF token validation failed' } }, { 'X-CSRF-Token': 'Required' });
    }
    const rest = url.pathname.slice(BASE.length).split('/').filter(Boolean);
    if (method === 'GET' && rest.length === 0) {
      const q = url.searchParams;
      const filter = (q.get('filter') ?? '').toLowerCase();
      const matching = api.systems
        .filter((s) => s.accessMode === q.get('accessMode') && s.name.toLowerCase().includes(filter))
        .sort((a, b) => rank(a) - rank(b) || a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
      const start = Number(q.get('startIndex') ?? 1);
      const count = Math.min(100, Math.max(1, Number(q.get('count') ?? 20)));
      const page = matching.slice(start - 1, start - 1 + count).map(({ id, name, alias, connectorTypeString, accessMode, state, systemManagementType }) => ({
        id, name, alias, connectorTypeString, accessMode, state, systemManagementType,
      }));
      return json(200, { totalResults: matching.length, startIndex: start, itemsPerPage: page.length, Resources: page }, out);
    }
    if (method === 'POST' && rest.length === 0) {
      const file = body as FakeSystem;
      if (api.systems.some((s) => s.accessMode === file.accessMode && s.name === file.name)) {
        return json(409, { error: { code: 'DUPLICATE_NAME', message: `A system with the name "${file.name}" already exists` } });
      }
      const names = new Set(api.systems.filter((s) => s.accessMode === 'READ').map((s) => s.name));
      const related = Array.isArray(file.relatedSystems) ? (file.relatedSystems as string[]) : undefined;
      const dropped = related?.filter((n) => !names.has(n)) ?? [];
      const created: FakeSystem = { ...file, id: `11111111-1111-4111-8111-${String(api.systems.length).padStart(12, '0')}` };
      if (related) created.relatedSystems = related.filter((n) => names.has(n));
      api.systems.push(created);
      const warnings = dropped.map((n) => `Source system "${n}" does not exist and was not saved`);
      return json(201, warnings.length ? { ...created, warnings } : created, out);
    }
    const system = api.systems.find((s) => s.id === rest[0]);
    if (!system) return json(404, { error: { code: 'NOT_FOUND', message: 'System not found' } }, out);
    if (method === 'GET' && rest[1] === 'export') {
      return new Response(JSON.stringify(system, null, 4), { status: 200, headers: { 'Content-Disposition': `attachment; filename="${system.name}.json"` } });
    }
    if (method === 'GET') return json(200, system, out);
    if (method === 'PUT') {
      Object.assign(system, body as object);
      return json(200, system, out);
    }
    if (method === 'DELETE') {
      api.systems.splice(api.systems.indexOf(system), 1);
      return new Response(null, { status: 204 });
    }
    return json(405, { error: { code: 'METHOD', message: 'not allowed' } });
  };

  vi.stubGlobal('fetch', async (input: string, init: RequestInit = {}) => {
    const url = new URL(input, 'http://localhost');
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries((init.headers ?? {}) as Record<string, string>)) headers[k.toLowerCase()] = v;
    const method = (init.method ?? 'GET').toUpperCase();
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    const res = handle(method, url, headers, body);
    api.calls.push({ method, url, headers, body, status: res.status });
    return res;
  });
  return api;
}

/** Puts the page at `/ips/<search><hash>` and mounts the console on a clean body. */
export async function openConsole(hash: string, search = ''): Promise<{ idle(): Promise<void>; dispose(): void }> {
  const { mountConsole } = await import('../../console-sim/ui/console.ts');
  document.body.replaceChildren();
  history.replaceState(null, '', `/ips/${search}${hash}`);
  const handle = mountConsole();
  await handle.idle();
  return handle;
}

/** Waits for pending `hashchange` events (happy-dom fires them from a task) and the page's requests. */
export async function settle(handle: { idle(): Promise<void> }): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  await handle.idle();
}

/** Changes the hash and waits until the page has rendered the new route. */
export async function go(handle: { idle(): Promise<void> }, hash: string): Promise<void> {
  location.hash = hash;
  await settle(handle);
}

// @vitest-environment node
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator } from '../../console-sim/server.ts';
import type { Simulator } from '../../console-sim/server.ts';

const API = '/ips/service/api/v1';
const FIXTURES = fileURLToPath(new URL('../../fixtures/real-exports/', import.meta.url));
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const fixture = (file: string) => readFileSync(FIXTURES + file, 'utf8');
type Json = Record<string, any>;

let sim: Simulator;
let cookie = '';
let token = '';

async function signIn(): Promise<void> {
  const page = await fetch(`${sim.origin}/ips/`);
  cookie = (page.headers.get('set-cookie') ?? '').split(';')[0];
  const r = await fetch(`${sim.origin}${API}/systems?count=1`, { headers: { cookie, 'X-CSRF-Token': 'Fetch' } });
  token = r.headers.get('x-csrf-token') ?? '';
}

function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return fetch(`${sim.origin}${API}${path}`, {
    method,
    headers: { cookie, 'X-CSRF-Token': token, 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const control = (method: string, path: string, body?: unknown) =>
  fetch(`${sim.origin}/__sim/${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
const state = async () => (await (await control('GET', 'state')).json()) as Json;
const reset = (body: unknown = {}) => control('POST', 'reset', body);
const config = (body: Json) => control('POST', 'config', body);
const systemNamed = async (name: string) => ((await state()).systems as Json[]).find((s) => s.name === name)!;

function system(name: string, extra: Json = {}): Json {
  return { connectorTypeString: 'XSUAA', accessMode: 'READ', name, properties: { URL: 'https://a.example' }, ...extra };
}

beforeAll(async () => {
  sim = await startSimulator();
  await signIn();
});
afterAll(() => sim.close());
beforeEach(async () => {
  await reset();
});

describe('startSimulator', () => {
  it('listens on a free port and points at the source systems page', () => {
    expect(sim.port).toBeGreaterThan(0);
    expect(sim.origin).toBe(`http://127.0.0.1:${sim.port}`);
    expect(sim.url).toBe(`${sim.origin}/ips/#/sourceSystems`);
  });
});

describe('the page', () => {
  const uiFile = (f: string) => fileURLToPath(new URL(`../../console-sim/ui/${f}`, import.meta.url));

  it('starts a session on load (even while the UI is missing) and keeps a valid one', async () => {
    const fresh = await fetch(`${sim.origin}/ips`);
    expect([200, 503]).toContain(fresh.status);
    expect(fresh.headers.get('set-cookie')).toMatch(/^SIMSESSION=\w+; Path=\/; HttpOnly; SameSite=Lax$/);
    const again = await fetch(`${sim.origin}/ips/index.html`, { headers: { cookie } });
    expect(again.headers.get('set-cookie')).toBeNull();
  });

  it.runIf(existsSync(uiFile('app.ts')))('serves the bundled app and its styles', async () => {
    const js = await fetch(`${sim.origin}/ips/app.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await js.text()).not.toMatch(/^\s*import /m);
    expect((await fetch(`${sim.origin}/ips/app.css`)).headers.get('content-type')).toMatch(/^text\/css/);
  });

  it('keeps faults away from the page', async () => {
    await config({ failRate: 1 });
    expect((await fetch(`${sim.origin}/ips/`)).status).not.toBe(500);
    expect((await control('GET', 'requests')).status).toBe(200);
  });
});

describe('reset and state', () => {
  it('an empty reset restores the real seed with its ids', async () => {
    const s = await state();
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.json'));
    expect(s.systems).toHaveLength(files.length);
    for (const f of files) {
      const file = JSON.parse(fixture(f)) as Json;
      const stored = (s.systems as Json[]).find((x) => x.name === file.name && x.accessMode === file.accessMode)!;
      expect(stored.id).toBe(file.id ?? stored.id);
      expect(stored.id).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(s.tenantId).toBe('teched2025-00');
  });

  it('round-trips systems and secrets as given, generating missing ids', async () => {
    const a = { id: '11111111-1111-4111-8111-111111111111', ...system('A'), encryptedProperties: { Password: null } };
    await reset({ systems: [a, system('B')], secrets: { A: { Password: 'pw-a' } } });
    const first = await state();
    expect(first.systems[0]).toEqual({ ...a, encryptedProperties: { Password: 'pw-a' } });
    expect(first.systems[1].id).toMatch(UUID_V4);
    await reset({ systems: first.systems });
    expect(await state()).toEqual(first);
  });

  it('keeps a system given as file text as its export bytes, minified or not', async () => {
    const minified = JSON.stringify(JSON.parse(fixture('S4Aimportsource.json')));
    await reset({ systems: [minified] });
    const { id } = JSON.parse(minified) as Json;
    expect(await (await call('GET', `/systems/${id}/export`)).text()).toBe(minified);
  });

  it('adds generated systems to the seed', async () => {
    await reset({ generate: 25, seed: 7 });
    expect((await state()).systems).toHaveLength(readdirSync(FIXTURES).filter((f) => f.endsWith('.json')).length + 25);
  });

  it('rejects a malformed reset', async () => {
    expect((await reset({ systems: 'nope' })).status).toBe(400);
  });
});

describe('session and CSRF', () => {
  it('answers 401 without a session cookie and after the session expired', async () => {
    const r = await fetch(`${sim.origin}${API}/systems`);
    expect(r.status).toBe(401);
    expect(await r.json()).toEqual({ error: { code: 'UNAUTHORIZED', message: 'Session expired' } });
    await control('POST', 'expire-session');
    expect((await call('GET', '/systems')).status).toBe(401);
    await signIn();
    expect((await call('GET', '/systems')).status).toBe(200);
  });

  it('needs the session token for writes and gives a new session a new token', async () => {
    const denied = await call('POST', '/systems', system('X'), { 'X-CSRF-Token': 'wrong' });
    expect(denied.status).toBe(403);
    expect(denied.headers.get('x-csrf-token')).toBe('Required');
    expect((await call('POST', '/systems', system('X'))).status).toBe(201);
    const old = token;
    await control('POST', 'expire-session');
    await signIn();
    expect(token).not.toBe(old);
    expect(token).not.toBe('');
  });

  it('checks no token when CSRF is off', async () => {
    await config({ csrf: false });
    expect((await call('POST', '/systems', system('Y'), { 'X-CSRF-Token': '' })).status).toBe(201);
  });
});

describe('list', () => {
  it('orders customer-managed enabled, disabled, then SAP-initiated enabled, disabled, A–Z ignoring case', async () => {
    const sap = { systemManagementType: 'SAP_INITIATED' };
    await reset({
      systems: [
        system('zeta', sap),
        system('beta', { state: 'DISABLED' }),
        system('Alpha', { ...sap, state: 'DISABLED' }),
        system('delta', { systemManagementType: 'CUSTOMER_MANAGED', state: 'ENABLED' }),
        system('Charlie'),
        system('alpha', sap),
        system('target', { accessMode: 'WRITE' }),
      ],
    });
    const body = (await (await call('GET', '/systems?accessMode=READ')).json()) as Json;
    expect(body.Resources.map((r: Json) => r.name)).toEqual(['Charlie', 'delta', 'beta', 'alpha', 'zeta', 'Alpha']);
    expect(body.totalResults).toBe(6);
    expect(Object.keys(body.Resources[0])).toEqual(['id', 'name', 'alias', 'connectorTypeString', 'accessMode', 'state', 'systemManagementType']);
    const filtered = (await (await call('GET', '/systems?accessMode=READ&filter=ALP')).json()) as Json;
    expect(filtered.Resources.map((r: Json) => r.name)).toEqual(['alpha', 'Alpha']);
  });

  it('pages with startIndex and count, clamping count to 1..100', async () => {
    await reset({ systems: Array.from({ length: 130 }, (_, i) => system(`S${String(i).padStart(3, '0')}`)) });
    const page = async (q: string) => (await (await call('GET', `/systems?accessMode=READ&${q}`)).json()) as Json;
    const first = await page('');
    expect([first.startIndex, first.itemsPerPage, first.totalResults]).toEqual([1, 20, 130]);
    expect((await page('count=500')).itemsPerPage).toBe(100);
    expect((await page('count=0')).itemsPerPage).toBe(1);
    const last = await page('startIndex=121&count=20');
    expect(last.Resources.map((r: Json) => r.name)).toEqual(Array.from({ length: 10 }, (_, i) => `S${120 + i}`));
  });
});

describe('read and export', () => {
  const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.json'));

  it.each(files.filter((f) => JSON.parse(fixture(f)).id))('exports %s byte for byte', async (file) => {
    const { id, name } = JSON.parse(fixture(file)) as Json;
    const r = await call('GET', `/systems/${id}/export?format=json`);
    expect(r.headers.get('content-disposition')).toBe(`attachment; filename="${name}.json"`);
    expect(await r.text()).toBe(fixture(file));
  });

  it('exports a template seeded without an id byte-exact, as seeded', async () => {
    const stored = await systemNamed('My ABAP instance');
    const text = await (await call('GET', `/systems/${stored.id}/export`)).text();
    expect(text).toBe(readFileSync(new URL('../../fixtures/real-exports/ips_system_template_target.json', import.meta.url), 'utf8'));
    expect(typeof stored.id).toBe('string');
  });

  it('never returns credential values unless leakSecrets is on', async () => {
    const stored = await systemNamed('BTP CF provisioning target');
    expect(stored.encryptedProperties.Password).toMatch(/^seed-secret-/);
    const view = (await (await call('GET', `/systems/${stored.id}`)).json()) as Json;
    expect(view.encryptedProperties).toEqual({ Password: null });
    expect(await (await call('GET', `/systems/${stored.id}/export`)).text()).not.toContain('seed-secret');
    await config({ leakSecrets: true });
    const leaked = (await (await call('GET', `/systems/${stored.id}`)).json()) as Json;
    expect(leaked.encryptedProperties.Password).toBe(stored.encryptedProperties.Password);
    expect(await (await call('GET', `/systems/${stored.id}/export`)).text()).toBe(JSON.stringify(stored, null, 4));
  });

  it('answers 404 for an unknown id and 400 for CSV of a non-proxy', async () => {
    expect((await call('GET', '/systems/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    const { id } = await systemNamed('S4A import source');
    expect((await call('GET', `/systems/${id}/export?format=csv`)).status).toBe(400);
  });

  it('exports a proxy as CSV for SAP Identity Management', async () => {
    const id = '22222222-2222-4222-8222-222222222222';
    await reset({ systems: [{ id, ...system('IdM Proxy', { accessMode: 'PROXY', alias: 'Bridge' }) }] });
    const r = await call('GET', `/systems/${id}/export?format=csv`);
    expect(r.headers.get('content-disposition')).toBe('attachment; filename="IdM Proxy.csv"');
    const [, data] = (await r.text()).split('\n');
    expect(data).toContain(`"127.0.0.1","/ipsproxy/service/api/v1/scim/${id}","${sim.port}","http","PRIV:SYSTEM:IdM Proxy"`);
  });
});

describe('POST /systems', () => {
  it('creates from a minimal template with a new id and console defaults', async () => {
    const r = await call('POST', '/systems', fixture('ips_system_template_source.json').replace('My Identity', 'New Identity'));
    expect(r.status).toBe(201);
    const body = (await r.json()) as Json;
    expect(body.id).toMatch(UUID_V4);
    expect(body).toMatchObject({ tenantId: 'teched2025-00', fromImport: true, systemManagementType: 'CUSTOMER_MANAGED' });
    expect(body.properties['ips.date.variable.format']).toBe('yyyy-MM-dd HH:mm:ss.SSS');
    expect(body.transformation.user.mappings.length).toBeGreaterThan(0);
    expect(Object.keys(body).slice(0, 5)).toEqual(['id', 'connectorTypeString', 'accessMode', 'name', 'alias']);
  });

  it.each([
    ['a duplicate name of the same kind', system('BTP CF import source'), 409],
    ['an empty name', system(''), 422],
    ['a name with a slash', system('a/b'), 422],
    ['a name with an umlaut', system('Zürich'), 422],
    ['a 101-character name', system('x'.repeat(101)), 422],
    ['a credential without value', system('C', { encryptedProperties: { Password: null } }), 422],
    ['an unknown accessMode', system('D', { accessMode: 'BOTH' }), 400],
    ['an array body', [system('E')], 400],
    ['malformed JSON', '{"name": ', 400],
  ])('rejects %s', async (_, body, status) => {
    const r = await call('POST', '/systems', body);
    expect(r.status).toBe(status);
    expect(((await r.json()) as Json).error.code).toEqual(expect.any(String));
  });

  it('accepts the same name in another kind and a 100-character name', async () => {
    expect((await call('POST', '/systems', system('BTP CF import source', { accessMode: 'WRITE' }))).status).toBe(201);
    expect((await call('POST', '/systems', system('y'.repeat(100)))).status).toBe(201);
  });

  it('enforces the customer-managed limit, not counting SAP-initiated systems', async () => {
    const many = Array.from({ length: 19 }, (_, i) => system(`R${i}`));
    const sap = Array.from({ length: 5 }, (_, i) => system(`SAP${i}`, { systemManagementType: 'SAP_INITIATED' }));
    await reset({ systems: [...many, ...sap] });
    expect((await call('POST', '/systems', system('R19'))).status).toBe(201);
    const r = await call('POST', '/systems', system('R20'));
    expect(r.status).toBe(422);
    expect(((await r.json()) as Json).error.code).toBe('LIMIT_REACHED');
  });

  it('keeps a given credential value as a secret and returns it as null', async () => {
    const r = await call('POST', '/systems', system('Cred', { encryptedProperties: { Password: 'pw1' } }));
    expect(((await r.json()) as Json).encryptedProperties).toEqual({ Password: null });
    expect((await systemNamed('Cred')).encryptedProperties).toEqual({ Password: 'pw1' });
  });

  it('drops linked source systems that do not exist, with a warning', async () => {
    const body = system('T', { accessMode: 'WRITE', relatedSystems: ['S4A import source', 'Nope'] });
    const saved = (await (await call('POST', '/systems', body)).json()) as Json;
    expect(saved.relatedSystems).toEqual(['S4A import source']);
    expect(saved.warnings).toEqual(['Source system "Nope" does not exist and was not saved']);
    expect((await systemNamed('T')).warnings).toBeUndefined();
  });
});

describe('PUT and DELETE /systems/{id}', () => {
  const get = async (name: string) => {
    const { id } = await systemNamed(name);
    return (await (await call('GET', `/systems/${id}`)).json()) as Json;
  };

  it.each([
    ['accessMode', { accessMode: 'WRITE' }],
    ['connectorTypeString', { connectorTypeString: 'AZURE_AD' }],
  ])('refuses to change %s', async (_, change) => {
    const current = await get('BTP CF import source');
    const r = await call('PUT', `/systems/${current.id}`, { ...current, ...change });
    expect(r.status).toBe(400);
  });

  it('keeps key order and the stored secret for a null credential; edits invalidate the original bytes', async () => {
    const current = await get('BTP CF provisioning target');
    const secret = (await systemNamed('BTP CF provisioning target')).encryptedProperties.Password;
    const { id, name, ...rest } = current;
    const r = await call('PUT', `/systems/${id}`, { ...rest, name, alias: 'new', id });
    expect(r.status).toBe(200);
    // The seeded target links a source that is not in the seed: the console drops it with a warning.
    const { warnings, ...saved } = (await r.json()) as Json;
    expect(warnings).toEqual(['Source system "Local Directory SAP Provisioning" does not exist and was not saved']);
    expect(saved.relatedSystems).toEqual([]);
    expect(Object.keys(saved)).toEqual([...Object.keys(current), 'alias']);
    expect((await systemNamed('BTP CF provisioning target')).encryptedProperties.Password).toBe(secret);
    const exported = await (await call('GET', `/systems/${id}/export`)).text();
    expect(exported).toBe(JSON.stringify(saved, null, 4));
  });

  it('keeps the original bytes after a PUT that changes nothing', async () => {
    const current = await get('S4A import source');
    expect((await call('PUT', `/systems/${current.id}`, current)).status).toBe(200);
    expect(await (await call('GET', `/systems/${current.id}/export`)).text()).toBe(fixture('S4Aimportsource.json'));
  });

  it('replaces a credential given as a string and deletes one left out', async () => {
    const current = await get('BTP CF provisioning target');
    await call('PUT', `/systems/${current.id}`, { ...current, encryptedProperties: { Password: 'new-pw' } });
    expect((await systemNamed('BTP CF provisioning target')).encryptedProperties).toEqual({ Password: 'new-pw' });
    await call('PUT', `/systems/${current.id}`, { ...current, encryptedProperties: {} });
    expect((await systemNamed('BTP CF provisioning target')).encryptedProperties).toEqual({});
  });

  it('needs credentials re-entered when the URL changes', async () => {
    const current = await get('BTP CF provisioning target');
    const properties = { ...current.properties, URL: 'https://other.example' };
    expect((await call('PUT', `/systems/${current.id}`, { ...current, properties })).status).toBe(422);
    const ok = await call('PUT', `/systems/${current.id}`, { ...current, properties, encryptedProperties: { Password: 'x' } });
    expect(ok.status).toBe(200);
  });

  it('needs a change description for a changed transformation and records a version', async () => {
    const current = await get('S4A import source');
    const transformation = { ...current.transformation, user: { mappings: [] } };
    expect((await call('PUT', `/systems/${current.id}`, { ...current, transformation })).status).toBe(422);
    const r = await call('PUT', `/systems/${current.id}`, { ...current, transformation, changeDescription: 'add user' });
    expect(r.status).toBe(200);
    expect(((await r.json()) as Json).changeDescription).toBeUndefined();
    const history = (await state()).history[current.id] as Json[];
    expect(history).toMatchObject([{ version: 1, description: 'add user', changes: { transformation } }]);
  });

  it('renames within the name rules and refuses a duplicate name', async () => {
    const current = await get('S4A import source');
    expect((await call('PUT', `/systems/${current.id}`, { ...current, name: 'S4A renamed' })).status).toBe(200);
    expect((await call('PUT', `/systems/${current.id}`, { ...current, name: 'BTP CF import source' })).status).toBe(409);
    expect((await call('PUT', `/systems/${current.id}`, { ...current, name: 'bad:name' })).status).toBe(422);
  });

  it('deletes with 204, then the id is unknown', async () => {
    const { id } = await systemNamed('S4A import source');
    expect((await call('DELETE', `/systems/${id}`)).status).toBe(204);
    expect((await call('GET', `/systems/${id}`)).status).toBe(404);
    expect((await call('DELETE', `/systems/${id}`)).status).toBe(404);
  });
});

describe('faults and the request log', () => {
  it.each([
    [true, '1'],
    [false, null],
  ])('rate-limits with 429 (retryAfter %s)', async (retryAfter, header) => {
    await config({ rateLimitPerMinute: 60, burst: 2, retryAfter });
    const statuses = [];
    let last: Response | undefined;
    for (let i = 0; i < 3; i++) {
      last = await call('GET', '/systems');
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 429]);
    expect(last?.headers.get('retry-after')).toBe(header);
  });

  it('logs API requests with status and CSRF fetch, and clears the log', async () => {
    await call('GET', '/systems?accessMode=READ', undefined, { 'X-CSRF-Token': 'Fetch' });
    await fetch(`${sim.origin}${API}/systems`);
    const { requests } = (await (await control('GET', 'requests')).json()) as Json;
    expect(requests).toMatchObject([
      { method: 'GET', path: `${API}/systems?accessMode=READ`, status: 200, csrfFetch: true },
      { method: 'GET', path: `${API}/systems`, status: 401, csrfFetch: false },
    ]);
    expect(requests[0].time).toEqual(expect.any(Number));
    await control('DELETE', 'requests');
    expect(((await (await control('GET', 'requests')).json()) as Json).requests).toEqual([]);
  });

  it('drops the connection (status 0 in the log) and fails with 5xx', async () => {
    await config({ dropRate: 1 });
    await expect(call('GET', '/systems')).rejects.toThrow();
    await config({ dropRate: 0, failRate: 1 });
    expect([500, 503]).toContain((await call('GET', '/systems')).status);
    const { requests } = (await (await control('GET', 'requests')).json()) as Json;
    expect(requests.map((r: Json) => r.status)[0]).toBe(0);
  });

  it('rejects an unknown config key and resets config with reset', async () => {
    expect((await config({ latency: 5 })).status).toBe(400);
    await config({ failRate: 1, tenantId: 'other' });
    await reset();
    const full = (await (await control('GET', 'config')).json()) as Json;
    expect(full).toMatchObject({ latencyMs: 0, rateLimitPerMinute: 6000, burst: 100, retryAfter: true, failRate: 0, dropRate: 0, csrf: true, leakSecrets: false });
    expect((await state()).tenantId).toBe('teched2025-00');
  });
});

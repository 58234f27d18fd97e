/**
 * The console simulator's HTTP server (README "HTTP"): the page and its bundle, the system API with
 * session, CSRF and faults, and the `/__sim/` test controls. Node's http module only.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { proxyCsv } from './csv.ts';
import { mulberry32 } from './generator.ts';
import type { Rng } from './generator.ts';
import { TokenBucket, retryAfterSeconds } from './limiter.ts';
import { entriesForReset } from './seed.ts';
import { ACCESS_MODES, ApiError, Tenant } from './state.ts';

export interface SimulatorOptions {
  port?: number;
  host?: string;
  generate?: number;
  seed?: number;
  latencyMs?: number;
}

export interface Simulator {
  url: string;
  origin: string;
  port: number;
  close(): Promise<void>;
}

export interface SimConfig {
  latencyMs: number;
  rateLimitPerMinute: number;
  burst: number;
  retryAfter: boolean;
  failRate: number;
  dropRate: number;
  /** Requests whose path contains one of these always fail with 500 (a persistently broken system). */
  failPaths: string[];
  faultSeed: number;
  csrf: boolean;
  leakSecrets: boolean;
  tenantId: string;
}

export interface LoggedRequest {
  method: string;
  path: string;
  /** 0 when the simulator dropped the connection. */
  status: number;
  /** Arrival, epoch milliseconds. */
  time: number;
  csrfFetch: boolean;
}

const API = '/ips/service/api/v1';
const PAGES = new Set(['/ips', '/ips/', '/ips/index.html']);
const UI_DIR = fileURLToPath(new URL('./ui/', import.meta.url));
const COOKIE = 'SIMSESSION';
const MAX_BODY = 20 * 1024 * 1024;

const defaultConfig = (latencyMs = 0): SimConfig => ({
  latencyMs,
  rateLimitPerMinute: 6000,
  burst: 100,
  retryAfter: true,
  failRate: 0,
  dropRate: 0,
  failPaths: [],
  faultSeed: 1,
  csrf: true,
  leakSecrets: false,
  tenantId: 'teched2025-00',
});

type Reply = { status: number; body?: unknown; text?: string; headers?: Record<string, string> };

export async function startSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  const host = opts.host ?? '127.0.0.1';
  let config = defaultConfig(opts.latencyMs);
  const tenant = new Tenant(config.tenantId);
  tenant.load(entriesForReset({ generate: opts.generate, seed: opts.seed }, config.tenantId));
  const sessions = new Map<string, string>(); // session id → CSRF token
  let log: LoggedRequest[] = [];
  let limiter = new TokenBucket(config.rateLimitPerMinute, config.burst);
  let faults: Rng = mulberry32(config.faultSeed);

  /** Checks a `/__sim/config` patch against the config's own keys and types. */
  function mergeConfig(base: SimConfig, patch: Record<string, unknown>): SimConfig {
    const next: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(patch)) {
      if (!(key in base) || typeof value !== typeof next[key]) {
        throw new ApiError(400, 'BAD_CONFIG', `Unknown config key or wrong type: ${key}`);
      }
      next[key] = value;
    }
    return next as unknown as SimConfig;
  }

  function useConfig(next: SimConfig, newLimiter: boolean, newFaults: boolean): void {
    config = next;
    if (newLimiter) limiter = new TokenBucket(config.rateLimitPerMinute, config.burst);
    if (newFaults) faults = mulberry32(config.faultSeed);
    tenant.tenantId = config.tenantId;
  }

  async function control(req: IncomingMessage, path: string, body: unknown): Promise<Reply> {
    const route = `${req.method} ${path}`;
    if (route === 'POST /__sim/reset') {
      tenant.load(entriesForReset(body, defaultConfig().tenantId));
      useConfig(defaultConfig(opts.latencyMs), true, true);
      log = [];
      return { status: 200, body: { systems: tenant.all().length } };
    }
    if (route === 'GET /__sim/state') return { status: 200, body: tenant.dump() };
    if (route === 'GET /__sim/config') return { status: 200, body: config };
    if (route === 'POST /__sim/config') {
      if (body !== undefined && (typeof body !== 'object' || body === null || Array.isArray(body))) {
        throw new ApiError(400, 'BAD_CONFIG', 'The config body must be a JSON object');
      }
      const patch = (body ?? {}) as Record<string, unknown>;
      useConfig(mergeConfig(config, patch), 'rateLimitPerMinute' in patch || 'burst' in patch, 'faultSeed' in patch);
      return { status: 200, body: config };
    }
    if (route === 'POST /__sim/expire-session') {
      sessions.clear();
      return { status: 204 };
    }
    if (route === 'GET /__sim/requests') return { status: 200, body: { requests: log } };
    if (route === 'DELETE /__sim/requests') {
      log = [];
      return { status: 204 };
    }
    throw new ApiError(404, 'NOT_FOUND', `No control ${route}`);
  }

  /** Faults in README order; undefined means "go on", 'drop' means the socket is gone. */
  async function fault(path: string): Promise<Reply | 'drop' | undefined> {
    if (config.latencyMs > 0) await new Promise((r) => setTimeout(r, config.latencyMs));
    const taken = limiter.take();
    if (!taken.ok) {
      const headers: Record<string, string> = config.retryAfter ? { 'Retry-After': String(retryAfterSeconds(taken.retryAfterMs)) } : {};
      return { status: 429, headers, body: error('TOO_MANY_REQUESTS', 'Rate limit exceeded') };
    }
    if (config.failPaths.some((p) => path.includes(p))) return { status: 500, body: error('INTERNAL_ERROR', 'Internal server error') };
    if (config.dropRate > 0 && faults() < config.dropRate) return 'drop';
    if (config.failRate > 0 && faults() < config.failRate) {
      return faults() < 0.5
        ? { status: 503, body: error('SERVICE_UNAVAILABLE', 'Service temporarily unavailable') }
        : { status: 500, body: error('INTERNAL_ERROR', 'Internal server error') };
    }
    return undefined;
  }

  async function api(req: IncomingMessage, res: ServerResponse, url: URL, body: unknown): Promise<void> {
    const method = req.method ?? 'GET';
    const csrfFetch = String(req.headers['x-csrf-token'] ?? '').toLowerCase() === 'fetch';
    const entry: LoggedRequest = { method, path: req.url ?? url.pathname, status: 0, time: Date.now(), csrfFetch };
    log.push(entry);
    let reply: Reply;
    try {
      const faulted = await fault(entry.path);
      if (faulted === 'drop') {
        req.socket.destroy();
        return;
      }
      reply = faulted ?? route(req, url, body, csrfFetch);
    } catch (e) {
      reply = errorReply(e);
    }
    entry.status = reply.status;
    send(res, reply);
  }

  function route(req: IncomingMessage, url: URL, body: unknown, csrfFetch: boolean): Reply {
    const sid = sessionOf(req, sessions);
    if (!sid) return { status: 401, body: error('UNAUTHORIZED', 'Session expired') };
    const method = req.method ?? 'GET';
    const headers: Record<string, string> = {};
    if (config.csrf && method === 'GET' && csrfFetch) headers['X-CSRF-Token'] = sessions.get(sid) ?? '';
    if (config.csrf && method !== 'GET' && method !== 'HEAD' && req.headers['x-csrf-token'] !== sessions.get(sid)) {
      return { status: 403, headers: { 'X-CSRF-Token': 'Required' }, body: error('CSRF_TOKEN_REQUIRED', 'CSRF token validation failed') };
    }
    let reply: Reply;
    try {
      if (body instanceof ApiError) throw body;
      reply = systemsApi(method, url, body, req.headers.host ?? `${host}:${port}`);
    } catch (e) {
      reply = errorReply(e);
    }
    return { ...reply, headers: { ...headers, ...reply.headers } };
  }

  function systemsApi(method: string, url: URL, body: unknown, tenantHost: string): Reply {
    const m = /^\/systems(?:\/([^/]+)(\/export)?)?\/?$/.exec(url.pathname.slice(API.length));
    if (!m) throw new ApiError(404, 'NOT_FOUND', `No API resource ${url.pathname}`);
    const id = m[1] === undefined ? undefined : decodeId(m[1]);
    const leak = config.leakSecrets;
    const withWarnings = (s: { system: object; warnings: string[] }) =>
      s.warnings.length > 0 ? { ...s.system, warnings: s.warnings } : s.system;
    if (id === undefined && method === 'GET') return { status: 200, body: tenant.list(listQuery(url)) };
    if (id === undefined && method === 'POST') return { status: 201, body: withWarnings(tenant.create(body)) };
    if (id !== undefined && m[2] && method === 'GET') return exportReply(id, url.searchParams.get('format') ?? 'json', tenantHost);
    if (id !== undefined && !m[2]) {
      if (method === 'GET') return { status: 200, body: tenant.view(id, leak) };
      if (method === 'PUT') return { status: 200, body: withWarnings(tenant.update(id, body)) };
      if (method === 'DELETE') {
        tenant.remove(id);
        return { status: 204 };
      }
    }
    throw new ApiError(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed on ${url.pathname}`);
  }

  function exportReply(id: string, format: string, tenantHost: string): Reply {
    const system = tenant.view(id);
    const name = String(system.name);
    if (format === 'json') {
      const headers = { 'Content-Type': 'application/json; charset=utf-8', 'Content-Disposition': attachment(`${name}.json`) };
      return { status: 200, text: tenant.exportJson(id, config.leakSecrets), headers };
    }
    if (format !== 'csv' || system.accessMode !== 'PROXY') {
      throw new ApiError(400, 'BAD_FORMAT', `Format ${format} is not available for this system`);
    }
    const alias = typeof system.alias === 'string' ? system.alias : undefined;
    const headers = { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': attachment(`${name}.csv`) };
    return { status: 200, text: proxyCsv({ id, name, alias }, tenantHost), headers };
  }

  async function page(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const headers: Record<string, string> = { 'Cache-Control': 'no-store' };
    if (PAGES.has(path)) {
      // Signing in does not depend on the page being there: the API stays usable without the UI.
      if (!sessionOf(req, sessions)) headers['Set-Cookie'] = newSession(sessions);
      const html = readUi('index.html');
      if (html === undefined) return send(res, { status: 503, text: 'The console page (ui/index.html) is missing', headers });
      return send(res, { status: 200, text: html, headers: { ...headers, 'Content-Type': 'text/html; charset=utf-8' } });
    }
    if (path === '/ips/app.css') {
      const css = readUi('styles.css');
      if (css === undefined) return send(res, { status: 503, text: 'ui/styles.css is missing' });
      return send(res, { status: 200, text: css, headers: { ...headers, 'Content-Type': 'text/css; charset=utf-8' } });
    }
    if (path === '/ips/app.js') {
      if (!existsSync(UI_DIR + 'app.ts')) return send(res, { status: 503, text: 'ui/app.ts is missing' });
      const js = await appBundle().catch((e: unknown) => e as Error);
      if (js instanceof Error) return send(res, { status: 500, text: `Bundling ui/app.ts failed: ${js.message}` });
      return send(res, { status: 200, text: js, headers: { ...headers, 'Content-Type': 'text/javascript; charset=utf-8' } });
    }
    if (path === '/') return send(res, { status: 302, headers: { Location: '/ips/#/sourceSystems' } });
    send(res, { status: 404, text: 'Not found' });
  }

  const server = createServer((req, res) => {
    void handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, errorReply(e));
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sim.invalid');
    const isApi = url.pathname === API || url.pathname.startsWith(`${API}/`);
    const isControl = url.pathname.startsWith('/__sim/');
    if (!isApi && !isControl) return page(req, res, url.pathname);
    let body: unknown;
    try {
      body = await readJson(req);
    } catch (e) {
      if (isControl) return send(res, errorReply(e));
      body = e; // the API logs the request and answers with this error after faults, session and CSRF
    }
    if (isControl) return send(res, await control(req, url.pathname, body).catch(errorReply));
    return api(req, res, url, body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url: `${origin}/ips/#/sourceSystems`,
    origin,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}

const error = (code: string, message: string) => ({ error: { code, message } });

function errorReply(e: unknown): Reply {
  if (e instanceof ApiError) return { status: e.status, body: error(e.code, e.message) };
  return { status: 500, body: error('INTERNAL_ERROR', e instanceof Error ? e.message : String(e)) };
}

function send(res: ServerResponse, reply: Reply): void {
  if (res.destroyed) return;
  const headers: Record<string, string> = { ...reply.headers };
  let payload: string | undefined = reply.text;
  if (reply.body !== undefined) {
    payload = JSON.stringify(reply.body);
    headers['Content-Type'] ??= 'application/json; charset=utf-8';
  } else if (payload !== undefined) headers['Content-Type'] ??= 'text/plain; charset=utf-8';
  if (payload !== undefined) headers['Content-Length'] = String(Buffer.byteLength(payload));
  res.writeHead(reply.status, headers);
  res.end(payload);
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('error', reject);
    req.on('end', () => {
      if (size > MAX_BODY) return reject(new ApiError(413, 'TOO_LARGE', 'The body is too large'));
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return resolve(undefined);
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(new ApiError(400, 'BAD_REQUEST', 'The body is not valid JSON'));
      }
    });
  });
}

function sessionOf(req: IncomingMessage, sessions: Map<string, string>): string | undefined {
  const cookies = (req.headers.cookie ?? '').split(';').map((c) => c.trim().split('='));
  const sid = cookies.find(([k]) => k === COOKIE)?.[1];
  return sid !== undefined && sessions.has(sid) ? sid : undefined;
}

function newSession(sessions: Map<string, string>): string {
  const sid = randomBytes(16).toString('hex');
  sessions.set(sid, randomBytes(18).toString('base64url'));
  return `${COOKIE}=${sid}; Path=/; HttpOnly; SameSite=Lax`;
}

function listQuery(url: URL) {
  const p = url.searchParams;
  const int = (v: string | null, fallback: number) => {
    const n = Number.parseInt(v ?? '', 10);
    return Number.isFinite(n) ? n : fallback;
  };
  const accessMode = p.get('accessMode') ?? undefined;
  if (accessMode !== undefined && !ACCESS_MODES.includes(accessMode)) {
    throw new ApiError(400, 'INVALID_ACCESS_MODE', `Unknown accessMode ${accessMode}`);
  }
  return {
    accessMode,
    startIndex: Math.max(1, int(p.get('startIndex'), 1)),
    count: Math.min(100, Math.max(1, int(p.get('count'), 20))),
    filter: p.get('filter') ?? '',
  };
}

function decodeId(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ApiError(404, 'NOT_FOUND', `No system with id ${segment}`);
  }
}

/** Header values must be Latin-1: non-ASCII names go in `filename*` with an ASCII fallback. */
function attachment(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  if (ascii === filename) return `attachment; filename="${filename}"`;
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

function readUi(file: string): string | undefined {
  return existsSync(UI_DIR + file) ? readFileSync(UI_DIR + file, 'utf8') : undefined;
}

let bundled: Promise<string> | undefined;

/** ui/app.ts bundled once per process, on first request; a failed build is retried next time. */
function appBundle(): Promise<string> {
  bundled ??= import('esbuild')
    .then(({ build }) =>
      build({ entryPoints: [UI_DIR + 'app.ts'], bundle: true, format: 'iife', write: false, target: 'es2022', logLevel: 'silent' }),
    )
    .then((r) => r.outputFiles[0].text)
    .catch((e: unknown) => {
      bundled = undefined;
      throw e;
    });
  return bundled;
}

import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { mkdtemp, rm, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { unzipSync } from 'fflate';
import { startSimulator } from '../console-sim/server.ts';

export const ROOT = resolve(import.meta.dirname, '../..');
export const TEST_BUILD = join(ROOT, '.output/chrome-mv3-test');
export const PROD_BUILD = join(ROOT, '.output/chrome-mv3');
export const SHOTS = join(ROOT, 'tests/.artifacts/screenshots');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface Harness {
  context: BrowserContext;
  origin: string;
  extensionId: string;
  profileDir: string;
  downloadsDir: string;
  worker(): Promise<Worker>;
  openConsole(route?: string, query?: string): Promise<Page>;
  sim: SimControl;
  /** Calls a background message handler directly (test build hook `__ipxTest.call`). */
  bg<T = unknown>(name: string, payload?: unknown): Promise<T>;
  /** Every stored snapshot, newest first (through the background's API, as the popup sees them). */
  snapshots(): Promise<Array<{ id: number; trigger: string; origin: string; systemCount: number; failedCount: number; damaged: boolean }>>;
  /** The newest snapshot with its systems, or null. */
  latestSnapshot(): Promise<{ snapshot: { id: number; trigger: string; origin: string }; systems: Array<{ status: string; kind: string; name: string; id: string }> } | null>;
  /** The extension's settings (extension storage), e.g. a faster request budget for tests. */
  setSettings(settings: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

export interface SimControl {
  reset(body?: unknown): Promise<void>;
  config(body: Record<string, unknown>): Promise<unknown>;
  state(): Promise<{ tenantId: string; systems: Array<Record<string, unknown>> }>;
  requests(): Promise<Array<{ method: string; path: string; status: number; time: number }>>;
  clearRequests(): Promise<void>;
  expireSession(): Promise<void>;
}

/** Starts the simulator and a fresh Chromium profile with the built test extension loaded. */
export async function launch(options: { extensionDir?: string; host?: string } = {}): Promise<Harness> {
  const extensionDir = options.extensionDir ?? TEST_BUILD;
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(`No built extension in ${extensionDir}: run \`npm run build:test\` first (npm test does).`);
  }
  const sim = await startSimulator({ host: options.host });
  const profileDir = await mkdtemp(join(tmpdir(), 'ipx-profile-'));
  const downloadsDir = await mkdtemp(join(tmpdir(), 'ipx-downloads-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    ignoreDefaultArgs: ['--disable-extensions'],
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    acceptDownloads: true,
    downloadsPath: downloadsDir,
    viewport: { width: 1280, height: 800 },
  });
  const first = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 20_000 }));
  const extensionId = new URL(first.url()).host;
  const control = simControl(sim.origin);
  const harness: Harness = {
    context,
    origin: sim.origin,
    extensionId,
    profileDir,
    downloadsDir,
    sim: control,
    async worker() {
      // An idle service worker stops after ~30 s: always take the current one.
      const live = context.serviceWorkers().find((w) => w.url().includes(extensionId));
      if (live) return live;
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/manifest.json`).catch(() => undefined);
      await page.close();
      return context.serviceWorkers().find((w) => w.url().includes(extensionId)) ?? context.waitForEvent('serviceworker');
    },
    async bg<T>(name: string, payload: unknown = {}): Promise<T> {
      const worker = await harness.worker();
      type Hook = { __ipxTest: { call(n: string, p: unknown): Promise<{ ok: boolean; value?: unknown; error?: { message: string } }> } };
      const reply = await worker.evaluate(([n, p]) => (globalThis as unknown as Hook).__ipxTest.call(n as string, p), [name, payload] as const);
      if (!reply.ok) throw new Error(`${name}: ${reply.error?.message}`);
      return reply.value as T;
    },
    async snapshots() {
      const page = await harness.bg<{ items: Awaited<ReturnType<Harness['snapshots']>> }>('snapshots.list', { offset: 0, limit: 500 });
      return page.items;
    },
    async latestSnapshot() {
      const [newest] = await harness.snapshots();
      return newest ? harness.bg('snapshots.get', { id: newest.id }) : null;
    },
    async setSettings(settings: Record<string, unknown>) {
      const worker = await harness.worker();
      type Chrome = { chrome: { storage: { local: { set(v: unknown): Promise<void> } } } };
      await worker.evaluate((s) => (globalThis as unknown as Chrome).chrome.storage.local.set({ settings: s }), settings);
    },
    async openConsole(route = '#/sourceSystems', query = '') {
      const page = await context.newPage();
      await page.goto(`${sim.origin}/ips/${query}${route}`);
      return page;
    },
    async close() {
      await context.close().catch(() => undefined);
      await sim.close();
      await rm(downloadsDir, { recursive: true, force: true });
      await rm(profileDir, { recursive: true, force: true });
    },
  };
  return harness;
}

function simControl(origin: string): SimControl {
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${origin}/__sim/${path}`, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`/__sim/${path} answered ${res.status}: ${await res.text()}`);
    const text = await res.text();
    return text ? JSON.parse(text) : null;
  };
  return {
    reset: async (body = {}) => void (await call('POST', 'reset', body)),
    config: (body) => call('POST', 'config', body),
    state: () => call('GET', 'state'),
    requests: async () => (await call('GET', 'requests')).requests,
    clearRequests: async () => void (await call('DELETE', 'requests')),
    expireSession: async () => void (await call('POST', 'expire-session')),
  };
}

/** Reads every file of a downloaded zip. */
export async function readZip(path: string): Promise<Map<string, Uint8Array>> {
  return new Map(Object.entries(unzipSync(new Uint8Array(await readFile(path)))));
}

/** Everything in the extension's IndexedDB, read inside the service worker. */
export async function dumpExtensionDb(worker: Worker): Promise<Record<string, unknown[]>> {
  return worker.evaluate(
    () =>
      new Promise<Record<string, unknown[]>>((resolve, reject) => {
        const open = indexedDB.open('ips-snapshots');
        // Reading must never create the database (that would leave it without stores).
        open.onupgradeneeded = () => open.transaction?.abort();
        open.onerror = () => (open.error?.name === 'AbortError' ? resolve({}) : reject(open.error));
        open.onsuccess = () => {
          const db = open.result;
          const names = [...db.objectStoreNames];
          const out: Record<string, unknown[]> = {};
          if (!names.length) return resolve(out);
          const tx = db.transaction(names, 'readonly');
          for (const n of names) {
            const req = tx.objectStore(n).getAll();
            req.onsuccess = () => (out[n] = req.result);
          }
          tx.oncomplete = () => {
            db.close();
            resolve(out);
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

export type BackgroundReply<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

/**
 * Test build only: runs a background message handler through the test hook (`__ipxTest`, see
 * lib/background/main.ts), with the same validation as a message from the popup.
 */
export async function callBackground<T = unknown>(worker: Worker, name: string, payload: unknown = {}): Promise<BackgroundReply<T>> {
  return worker.evaluate(
    ([n, p]) => (globalThis as unknown as { __ipxTest: { call(n: string, p: unknown): Promise<BackgroundReply<T>> } }).__ipxTest.call(n, p),
    [name, payload] as const,
  );
}

import { browser } from 'wxt/browser';
import { CONSOLE_MATCHES } from '@/lib/console/hosts';

/**
 * Custom console domains (issue item 5): the admin adds a host; the options page asks for the host
 * permission in the click (a user gesture), then registers the same content script the manifest uses
 * for that host. Registrations persist across browser sessions; the list lives in extension storage.
 */
export const DOMAINS_KEY = 'customDomains';
const FALLBACK_SCRIPT = 'content-scripts/console.js';

export type ParsedDomain = { ok: true; pattern: string; host: string } | { ok: false; error: string };

/** Accepts `ips.example.com`, `https://ips.example.com/ips/#/…`, `*.example.com`, `http://host:port`. */
export function parseDomain(input: string): ParsedDomain {
  const text = input.trim();
  if (!text) return { ok: false, error: 'Enter the console host, e.g. ips.example.com.' };
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  const wildcard = /^(https?:\/\/)\*\./i.exec(withScheme);
  let url: URL;
  try {
    url = new URL(wildcard ? withScheme.replace('*.', '') : withScheme);
  } catch {
    return { ok: false, error: `"${text}" is not a host name or URL.` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, error: 'Only https:// (or http://) consoles can be added.' };
  const hostname = url.hostname.toLowerCase();
  if (!hostname || hostname.includes('*')) return { ok: false, error: `"${text}" has no usable host name.` };
  const host = `${wildcard ? '*.' : ''}${hostname}`;
  const pattern = `${url.protocol}//${host}/*`;
  if (CONSOLE_MATCHES.some((m) => covers(m, url.protocol, hostname))) return { ok: false, error: `${hostname} is a standard console host: the extension already works there.` };
  return { ok: true, pattern, host };
}

function covers(match: string, protocol: string, hostname: string): boolean {
  const m = /^(https?):\/\/\*\.([^/]+)\//.exec(match);
  return !!m && `${m[1]}:` === protocol && hostname.endsWith(`.${m[2]}`);
}

export function scriptId(pattern: string): string {
  return `ipx-custom-${pattern.replace(/[^a-zA-Z0-9.-]/g, '_')}`;
}

export async function loadDomains(): Promise<string[]> {
  const stored = (await browser.storage.local.get(DOMAINS_KEY).catch(() => ({}))) as Record<string, unknown>;
  const list = stored[DOMAINS_KEY];
  return Array.isArray(list) ? list.filter((p): p is string => typeof p === 'string') : [];
}

function consoleScripts(): string[] {
  const js = (browser.runtime.getManifest().content_scripts ?? []).flatMap((cs) => cs.js ?? []);
  return js.length ? js : [FALLBACK_SCRIPT];
}

/** Registers the console content script for `pattern` (the permission must already be granted). */
export async function registerDomain(pattern: string): Promise<void> {
  const id = scriptId(pattern);
  const script = { id, matches: [pattern], js: consoleScripts(), runAt: 'document_idle' as const, persistAcrossSessions: true };
  const existing = await browser.scripting.getRegisteredContentScripts({ ids: [id] });
  if (existing.length) await browser.scripting.updateContentScripts([script]);
  else await browser.scripting.registerContentScripts([script]);
}

export async function addDomain(pattern: string): Promise<string[]> {
  await registerDomain(pattern);
  const list = await loadDomains();
  const next = list.includes(pattern) ? list : [...list, pattern];
  await browser.storage.local.set({ [DOMAINS_KEY]: next });
  return next;
}

export async function removeDomain(pattern: string): Promise<string[]> {
  const id = scriptId(pattern);
  if ((await browser.scripting.getRegisteredContentScripts({ ids: [id] })).length) await browser.scripting.unregisterContentScripts({ ids: [id] });
  // A host the manifest itself grants (a test build's) cannot be given back: that is fine.
  await Promise.resolve()
    .then(() => browser.permissions.remove({ origins: [pattern] }))
    .catch(() => false);
  const next = (await loadDomains()).filter((p) => p !== pattern);
  await browser.storage.local.set({ [DOMAINS_KEY]: next });
  return next;
}

/** Domains whose permission is still granted (the admin may revoke it in the browser's settings). */
export async function grantedDomains(list: string[]): Promise<Map<string, boolean>> {
  const out = new Map<string, boolean>();
  for (const pattern of list) out.set(pattern, await browser.permissions.contains({ origins: [pattern] }).catch(() => false));
  return out;
}

/**
 * Registers again every stored domain whose access is still granted: registrations persist across
 * browser sessions, but not when the extension is removed and restored from a backup of its storage.
 * The options page runs it when it opens, the background on install and update.
 */
export async function syncDomains(list?: string[]): Promise<void> {
  for (const pattern of list ?? (await loadDomains())) {
    if (await browser.permissions.contains({ origins: [pattern] }).catch(() => false)) await registerDomain(pattern);
  }
}

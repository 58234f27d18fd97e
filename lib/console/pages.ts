import type { SystemKind } from '@/lib/model/system';

/**
 * Console routes (ASSUMED, console-contract.md §1): the IPS UI lives under `/ips` and routes by hash,
 * `#/sourceSystems`, `#/targetSystems`, `#/proxySystems`, optionally followed by `/<systemId>` or `/new`.
 */
export type ConsolePage =
  | { type: 'systems'; kind: SystemKind; systemId: string | null; adding: boolean }
  | { type: 'other' };

const ROUTE_KIND: Record<string, SystemKind> = {
  sourcesystems: 'source',
  targetsystems: 'target',
  proxysystems: 'proxy',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when the path is the Identity Provisioning UI (not the admin console or another app). */
export function isIpsPath(pathname: string): boolean {
  return /^\/ips(\/|$)/.test(pathname);
}

/**
 * Where an admin opens the IPS console of a tenant (the `/ips` path `isIpsPath` accepts; ASSUMED like
 * the routes above): the popup opens it when a restore needs a console tab and none is open.
 */
export function consoleUrl(origin: string): string {
  return new URL('/ips/', origin).href;
}

export function parsePage(url: URL | Location): ConsolePage {
  if (!isIpsPath(url.pathname)) return { type: 'other' };
  const hash = url.hash.replace(/^#\/?/, '').split('?')[0] ?? '';
  const [route = '', second = ''] = hash.split('/').map((s) => decodeURIComponent(s));
  const kind = ROUTE_KIND[route.toLowerCase()];
  if (!kind) return { type: 'other' };
  return {
    type: 'systems',
    kind,
    systemId: UUID.test(second) ? second.toLowerCase() : null,
    adding: second === 'new',
  };
}

/** The tenant key of every snapshot, export and import: the page's origin (host[:port]). */
export function tenantOrigin(url: URL | Location): string {
  return url.origin;
}

export function onPageChange(listener: () => void, signal: AbortSignal): void {
  window.addEventListener('hashchange', listener, { signal });
  window.addEventListener('popstate', listener, { signal });
}

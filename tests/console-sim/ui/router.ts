/** Hash routes of the console (contract §1): `#/sourceSystems`, `#/targetSystems/<id>`, `#/proxySystems/new`. */
import type { Route, SystemKind } from './types.ts';

export const DEFAULT_HASH = '#/sourceSystems';

const OTHER_PAGES: Record<string, Route> = {
  '#/home': { page: 'home' },
  '#/users': { page: 'users' },
  '#/provisioningLogs': { page: 'logs' },
  '#/applications': { page: 'apps' },
};

/** `undefined` for a hash the console doesn't know (the caller falls back to the default route). */
export function parseRoute(hash: string): Route | undefined {
  const other = OTHER_PAGES[hash];
  if (other) return other;
  const match = /^#\/(source|target|proxy)Systems(?:\/([^/?#]+))?\/?$/.exec(hash);
  if (!match) return undefined;
  const kind = match[1] as SystemKind;
  const rest = match[2] === undefined ? undefined : decodeURIComponent(match[2]);
  if (rest === undefined) return { page: 'systems', kind };
  if (rest === 'new') return { page: 'systems', kind, add: true };
  return { page: 'systems', kind, systemId: rest };
}

export function listHash(kind: SystemKind): string {
  return `#/${kind}Systems`;
}

export function systemHash(kind: SystemKind, id: string): string {
  return `#/${kind}Systems/${encodeURIComponent(id)}`;
}

export function addHash(kind: SystemKind): string {
  return `#/${kind}Systems/new`;
}

import type { AccessMode, SystemKind } from '@/lib/model/system';

/**
 * The console's internal system API, as ASSUMED in console-contract.md §3. It is not public
 * (ips-domain.md §7.4): everything here is one object so that a person with a real tenant can correct
 * it in one place.
 */
export interface EndpointProfile {
  apiBase: string;
  systems: string;
  accessMode: Record<SystemKind, AccessMode>;
  params: { accessMode: string; startIndex: string; count: string; filter: string };
  /** Largest page the list endpoint serves. */
  maxPageSize: number;
  exportPath: (id: string, format: 'json' | 'csv') => string;
  csrf: { header: string; fetch: string; required: string };
}

export const DEFAULT_PROFILE: EndpointProfile = {
  apiBase: '/ips/service/api/v1',
  systems: '/systems',
  accessMode: { source: 'READ', target: 'WRITE', proxy: 'PROXY' },
  params: { accessMode: 'accessMode', startIndex: 'startIndex', count: 'count', filter: 'filter' },
  maxPageSize: 100,
  exportPath: (id, format) => `/systems/${encodeURIComponent(id)}/export?format=${format}`,
  csrf: { header: 'X-CSRF-Token', fetch: 'Fetch', required: 'Required' },
};

/** A list entry (SCIM-style ListResponse `Resources`). */
export interface SystemSummary {
  id: string;
  name: string;
  alias?: string;
  connectorTypeString: string;
  accessMode: AccessMode;
  state?: string;
  systemManagementType?: string;
}

export interface ListPage {
  totalResults: number;
  startIndex: number;
  itemsPerPage: number;
  Resources: SystemSummary[];
}

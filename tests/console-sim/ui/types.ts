/** Shapes the console page works with (its own copy: the simulator UI imports nothing from lib/). */

export type SystemKind = 'source' | 'target' | 'proxy';
export type AccessMode = 'READ' | 'WRITE' | 'PROXY';

export interface SystemSummary {
  id: string;
  name: string;
  alias?: string;
  connectorTypeString: string;
  accessMode: AccessMode;
  state?: string;
  systemManagementType?: string;
}

export interface ListResponse {
  totalResults: number;
  startIndex: number;
  itemsPerPage: number;
  Resources: SystemSummary[];
}

/** A full system as the API returns it; unknown keys are kept in order. */
export interface SystemRecord {
  id?: string;
  name: string;
  connectorTypeString: string;
  accessMode: AccessMode;
  alias?: string;
  destinationName?: string;
  relatedSystems?: string[];
  state?: string;
  systemManagementType?: string;
  properties?: Record<string, unknown>;
  encryptedProperties?: Record<string, string | null>;
  automaticOutboundCertificateRenew?: boolean;
  transformation?: unknown;
  readTransformation?: unknown;
  writeTransformation?: unknown;
  warnings?: string[];
  [key: string]: unknown;
}

export type Route =
  | { page: 'systems'; kind: SystemKind; systemId?: string; add?: boolean }
  | { page: 'home' | 'users' | 'logs' | 'apps' };

export const ACCESS_MODE: Record<SystemKind, AccessMode> = { source: 'READ', target: 'WRITE', proxy: 'PROXY' };

export function kindOfAccessMode(mode: unknown): SystemKind | undefined {
  if (mode === 'READ') return 'source';
  if (mode === 'WRITE') return 'target';
  if (mode === 'PROXY') return 'proxy';
  return undefined;
}

export function isSapInitiated(s: { systemManagementType?: string }): boolean {
  return s.systemManagementType !== undefined && s.systemManagementType !== 'CUSTOMER_MANAGED';
}

export function isEnabled(s: { state?: string }): boolean {
  return s.state !== 'DISABLED';
}

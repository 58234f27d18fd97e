/**
 * The system file as the console exports it (ips-domain.md §1–2). Only the keys seen in real exports are
 * typed; the index signatures keep keys that newer consoles add, because a snapshot must be able to
 * rebuild the exact native file.
 */

export type AccessMode = 'READ' | 'WRITE' | 'PROXY';
export type SystemKind = 'source' | 'target' | 'proxy';

const KIND_BY_ACCESS_MODE: Record<AccessMode, SystemKind> = {
  READ: 'source',
  WRITE: 'target',
  PROXY: 'proxy',
};

const ACCESS_MODE_BY_KIND: Record<SystemKind, AccessMode> = {
  source: 'READ',
  target: 'WRITE',
  proxy: 'PROXY',
};

export const ACCESS_MODES = ['READ', 'WRITE', 'PROXY'] as const satisfies readonly AccessMode[];
export const SYSTEM_KINDS = ['source', 'target', 'proxy'] as const satisfies readonly SystemKind[];

export function kindOfAccessMode(mode: AccessMode): SystemKind {
  return KIND_BY_ACCESS_MODE[mode];
}

export function accessModeOfKind(kind: SystemKind): AccessMode {
  return ACCESS_MODE_BY_KIND[kind];
}

/** One step of an entity transformation; order inside `mappings` is execution order. */
export interface Mapping {
  sourcePath?: string;
  sourcePaths?: string[];
  sourceVariable?: string;
  targetPath?: string;
  targetVariable?: string;
  /** Any JSON value: strings, booleans and arrays of schema URNs are all seen. */
  constant?: unknown;
  defaultValue?: unknown;
  optional?: boolean;
  preserveArrayWithSingleElement?: boolean;
  correlationAttribute?: boolean;
  ignore?: boolean;
  condition?: string;
  scope?: 'createEntity' | 'patchEntity' | 'deleteEntity' | (string & {});
  type?: 'set' | 'remove' | 'rename' | 'valueMapping' | (string & {});
  functions?: Array<Record<string, unknown>>;
  valueMappings?: Array<Record<string, unknown>>;
  [key: string]: unknown;
}

export interface EntityTransformation {
  mappings?: Mapping[];
  condition?: string;
  ignore?: boolean;
  skipOperations?: string[];
  scimEntityEndpoint?: string;
  [key: string]: unknown;
}

/** Keyed by entity type; `role` and `event` exist only in a few connectors. */
export interface Transformation {
  user?: EntityTransformation;
  group?: EntityTransformation;
  role?: EntityTransformation;
  event?: EntityTransformation;
  [key: string]: unknown;
}

/** Optional fields may be `null` (treated as absent): a console that serialises Java nulls is tolerated. */
export interface SystemFile {
  id?: string | null;
  connectorTypeString: string;
  accessMode: AccessMode;
  destinationName?: string | null;
  /** Targets only: the names (not ids) of linked source systems. */
  relatedSystems?: string[] | null;
  gitAllowedExpressions?: unknown[] | null;
  gitDisallowedExpressions?: unknown[] | null;
  emailSubscribers?: unknown[] | null;
  name: string;
  alias?: string | null;
  tenantId?: string | null;
  state?: 'ENABLED' | 'DISABLED' | (string & {}) | null;
  systemManagementType?: string | null;
  /** Values are strings in real exports; an old SAP template had `"User": []`; hand-edited numbers/booleans are tolerated. */
  properties?: Record<string, string | number | boolean | string[]> | null;
  /** Credential names with `null`; a string here is a leaked secret the caller must drop. */
  encryptedProperties?: Record<string, string | null> | null;
  automaticOutboundCertificateRenew?: boolean | null;
  transformationChanged?: boolean | null;
  readTransformationChanged?: boolean | null;
  writeTransformationChanged?: boolean | null;
  fromImport?: boolean | null;
  /** Sources and targets. */
  transformation?: Transformation | null;
  /** Proxies (assumed, never seen in a real export: console-contract.md §3). */
  readTransformation?: Transformation | null;
  writeTransformation?: Transformation | null;
  gitFetchAllowed?: boolean | null;
  [key: string]: unknown;
}

/** Fields that differ between exports of an unchanged system; excluded from `contentHash`. */
export const VOLATILE_FIELDS = [
  'id',
  'tenantId',
  'fromImport',
  'transformationChanged',
  'readTransformationChanged',
  'writeTransformationChanged',
] as const;

export type VolatileField = (typeof VOLATILE_FIELDS)[number];

/**
 * Documented credential property names (ips-domain.md §1.4). Any property can be made a credential in
 * the UI, so this list is a hint for spotting leaks, not the definition of what is secret.
 */
export const KNOWN_CREDENTIAL_PROPERTIES = [
  'Password',
  'ldap.password',
  'jco.client.passwd',
  'X-ConsumerKey',
  'concur.authorization.code',
  'concur.refresh.token',
  'ariba.applications.api.key',
  'hana.jdbc.db.password',
  'hana.jdbc.ssh.tunnel.password',
  'hana.jdbc.ssh.tunnel.private.key',
  'hana.jdbc.ssh.tunnel.totp.secret.key',
  'hana.jdbc.ssh.tunnel.cf.password',
  'ssh.password',
  'ssh.private.key',
  'ssh.totp.secret.key',
  'uaa.clientsecret',
] as const;

/**
 * Deterministic systems for scale (README "generate: N"): same (n, seed, existing) → same systems.
 * Stays within the documented rules (ips-domain.md §6.5): at most 15 customer-managed sources and 45
 * customer-managed targets counting `existing`, the rest SAP-initiated or proxies; names ≤ 100 allowed
 * characters, unique per kind; unicode only in `alias` and property values; transformations of 40–350
 * pretty-printed lines; key order as in the real exports (§1.2).
 */
import type { AccessMode, SystemFile } from './state.ts';

export type Rng = () => number;

export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a, to turn a text (a file name, a system name) into a PRNG seed. */
export function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export function uuidV4(rng: Rng): string {
  const bytes = Array.from({ length: 16 }, () => Math.floor(rng() * 256));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)];
const int = (rng: Rng, min: number, max: number) => min + Math.floor(rng() * (max - min + 1));
const hex = (rng: Rng, n: number) => Array.from({ length: n }, () => pick(rng, [...'0123456789abcdef'])).join('');

export const CUSTOMER_LIMITS = { READ: 15, WRITE: 45 } as const;

const CONNECTORS: Record<AccessMode, readonly string[]> = {
  READ: ['SAP_CLOUD_IDENTITY', 'LOCAL_IDENTITY_DIRECTORY_CC', 'AS_ABAP', 'XSUAA', 'AZURE_AD'],
  WRITE: ['SAP_CLOUD_IDENTITY', 'LOCAL_IDENTITY_DIRECTORY_CC', 'AS_ABAP', 'XSUAA', 'AZURE_AD', 'SCP_ABAP_ENVIRONMENT'],
  PROXY: ['SAP_CLOUD_IDENTITY', 'LOCAL_IDENTITY_DIRECTORY_CC', 'XSUAA', 'AZURE_AD', 'SCP_ABAP_ENVIRONMENT'],
};
const ORGS = ['Bestrun', 'Corp', 'ACME', 'Globex', 'Initech', 'Umbrella', 'Contoso', 'Northwind', 'Fabrikam', 'Tailspin'];
const PRODUCTS: Record<string, readonly string[]> = {
  SAP_CLOUD_IDENTITY: ['IAS', 'Identity Authentication', 'Cloud Identity'],
  LOCAL_IDENTITY_DIRECTORY_CC: ['Local Directory', 'Directory', 'LID'],
  AS_ABAP: ['S4H', 'ABAP', 'ERP'],
  XSUAA: ['BTP CF', 'BTP Subaccount', 'XSUAA'],
  AZURE_AD: ['Entra ID', 'Azure AD', 'Non-SAP'],
  SCP_ABAP_ENVIRONMENT: ['ABAP Cloud', 'BTP ABAP', 'Steampunk'],
};
const KIND_WORDS: Record<AccessMode, readonly string[]> = {
  READ: ['Source', 'source', 'Reader', 'Import'],
  WRITE: ['Target', 'target', 'Provisioning', 'Sync'],
  PROXY: ['Proxy', 'proxy', 'IdM Bridge', 'SCIM Proxy'],
};
const SUFFIXES = ['PROD', 'QA', 'DEV', 'eu10', 'us20', 'v2', 'old_2023', 'test-01', 'EMEA.ext', 'APJ'];
const LONG_TAILS = [
  'for the regional subsidiaries in Europe Middle East and Africa - employees contractors and external partners',
  'migration wave 3 of the global HR transformation program including all legal entities and cost centers',
  'temporary copy created during the connector upgrade to API version 2 - do not delete before go-live approval',
];
const ALIASES = [
  'Zentrale Benutzerverwaltung für München',
  'Répertoire des employés – Paris',
  'Σύστημα χρηστών Αθήνα',
  '東京オフィスの従業員',
  'Synchronisation Ärzte & Pflege',
  'Användarkatalog Malmö',
  'Proxy für IdM – Übergangslösung',
  'Nutzer*innen aus Zürich 🚀',
  'Employees of the finance department',
  'Reads users and groups nightly',
];
const UNICODE_VALUES = ['Grüße aus Köln', 'Ärzte_', 'ÅÄÖ-', 'Привет', 'café-β', '部署_'];

export interface GeneratedSystem {
  system: SystemFile;
  /** Credential values by property name (never exported). */
  secrets: Record<string, string>;
}

export function generateSystems(
  n: number,
  seed: number,
  existing: readonly SystemFile[],
  tenantId = 'teched2025-00',
): GeneratedSystem[] {
  const rng = mulberry32(seed);
  const customer = (s: SystemFile) => s.systemManagementType === undefined || s.systemManagementType === 'CUSTOMER_MANAGED';
  const budget = {
    READ: CUSTOMER_LIMITS.READ - existing.filter((s) => s.accessMode === 'READ' && customer(s)).length,
    WRITE: CUSTOMER_LIMITS.WRITE - existing.filter((s) => s.accessMode === 'WRITE' && customer(s)).length,
  };
  const taken = new Set(existing.map((s) => `${String(s.accessMode)}\n${String(s.name)}`));
  const sources = existing.filter((s) => s.accessMode === 'READ').map((s) => String(s.name));
  const out: GeneratedSystem[] = [];
  for (let i = 0; i < n; i++) {
    const r = rng();
    const accessMode: AccessMode = r < 0.3 ? 'READ' : r < 0.75 ? 'WRITE' : 'PROXY';
    let managed = rng() < 0.8;
    if (accessMode !== 'PROXY') {
      managed = budget[accessMode] > 0 && rng() < 0.55;
      if (managed) budget[accessMode]--;
    }
    const connector = pick(rng, CONNECTORS[accessMode]);
    const name = uniqueName(rng, accessMode, connector, taken);
    const generated = generateOne(rng, { accessMode, connector, managed, name, tenantId, sources });
    if (accessMode === 'READ') sources.push(name);
    out.push(generated);
  }
  return out;
}

function uniqueName(rng: Rng, accessMode: AccessMode, connector: string, taken: Set<string>): string {
  const words = [pick(rng, ORGS), pick(rng, PRODUCTS[connector]), pick(rng, KIND_WORDS[accessMode])];
  if (rng() < 0.5) words.push(pick(rng, SUFFIXES));
  let base = words.join(rng() < 0.1 ? '_' : ' ');
  if (rng() < 0.1) base = `${base} ${pick(rng, LONG_TAILS)}`.slice(0, 100).trimEnd();
  let name = base;
  for (let n = 2; taken.has(`${accessMode}\n${name}`); n++) name = `${base.slice(0, 100 - String(n).length - 1)} ${n}`;
  taken.add(`${accessMode}\n${name}`);
  return name;
}

interface Plan {
  accessMode: AccessMode;
  connector: string;
  managed: boolean;
  name: string;
  tenantId: string;
  sources: readonly string[];
}

function generateOne(rng: Rng, plan: Plan): GeneratedSystem {
  const { accessMode, connector } = plan;
  const properties = propertiesFor(rng, connector, accessMode);
  const withPassword = properties.Authentication === 'BasicAuthentication' || rng() < 0.2;
  const system: SystemFile = {
    id: uuidV4(rng),
    connectorTypeString: connector,
    accessMode,
    destinationName: connector === 'AS_ABAP' ? `ABAP_${pick(rng, SUFFIXES).toUpperCase().replace(/[^A-Z0-9]/g, '')}` : '',
  };
  if (accessMode === 'WRITE') system.relatedSystems = relatedSources(rng, plan.sources);
  const alias = rng();
  if (alias < 0.6) system.alias = pick(rng, ALIASES);
  else if (alias < 0.75) system.alias = '';
  Object.assign(system, {
    gitAllowedExpressions: [],
    gitDisallowedExpressions: [],
    emailSubscribers: [],
    name: plan.name,
    tenantId: plan.tenantId,
    state: rng() < 0.15 ? 'DISABLED' : 'ENABLED',
    systemManagementType: plan.managed ? 'CUSTOMER_MANAGED' : 'SAP_INITIATED',
    properties,
    encryptedProperties: withPassword ? { Password: null } : {},
    automaticOutboundCertificateRenew: rng() < 0.3,
    transformationChanged: accessMode !== 'PROXY' && rng() < 0.7,
    readTransformationChanged: accessMode === 'PROXY' && rng() < 0.5,
    writeTransformationChanged: accessMode === 'PROXY' && rng() < 0.5,
    fromImport: rng() < 0.2,
  });
  if (accessMode === 'PROXY') {
    system.readTransformation = transformation(rng, 'read', true);
    system.writeTransformation = transformation(rng, 'write', true);
  } else {
    system.transformation = transformation(rng, accessMode === 'READ' ? 'read' : 'write', false);
  }
  system.gitFetchAllowed = false;
  return { system, secrets: withPassword ? { Password: `gen-${hex(rng, 24)}` } : {} };
}

function relatedSources(rng: Rng, sources: readonly string[]): string[] {
  const names = new Set<string>();
  const n = sources.length === 0 ? 0 : int(rng, 0, Math.min(3, sources.length));
  while (names.size < n) names.add(pick(rng, sources));
  return [...names];
}

function propertiesFor(rng: Rng, connector: string, accessMode: AccessMode): Record<string, string> {
  const org = pick(rng, ORGS).toLowerCase();
  const p: Record<string, string> = {};
  if (connector !== 'AS_ABAP' && connector !== 'LOCAL_IDENTITY_DIRECTORY_CC') {
    p.Authentication = connector === 'SCP_ABAP_ENVIRONMENT' || rng() < 0.3 ? 'ClientCertificateAuthentication' : 'BasicAuthentication';
    p.ProxyType = 'Internet';
    p.Type = 'HTTP';
    p.URL = urlFor(connector, org);
    p.User = p.Authentication === 'BasicAuthentication' ? `sb-${org}-${hex(rng, 8)}!b${int(rng, 100, 999)}` : '';
  }
  if (connector === 'SAP_CLOUD_IDENTITY') {
    p['ias.api.version'] = '2';
    p['ias.user.filter'] = `groups.display eq "${org.toUpperCase()}_USERS"`;
  } else if (connector === 'XSUAA') {
    p['xsuaa.origin'] = 'sap.custom';
    p['xsuaa.group.prefix'] = rng() < 0.2 ? pick(rng, UNICODE_VALUES) : `${org.toUpperCase()}_`;
  } else if (connector === 'AZURE_AD') {
    p['aad.domain.name'] = `${org}.onmicrosoft.com`;
    p.OAuth2TokenServiceURL = `https://login.microsoftonline.com/${org}.onmicrosoft.com/oauth2/token`;
  } else if (connector === 'AS_ABAP') {
    p['abap.role.prefix'] = `${org.toUpperCase()}_`;
    p['abap.role.name.filter'] = '';
  }
  if (accessMode === 'READ') p['ips.delta.read'] = pick(rng, ['enabled', 'disabled']);
  if (accessMode !== 'READ') p['ips.failed.request.retry.attempts'] = String(int(rng, 0, 5));
  if (accessMode === 'WRITE') p['ips.delete.threshold.users'] = String(int(rng, 1, 500));
  p['ips.trace.failed.entity.content'] = String(rng() < 0.5);
  if (rng() < 0.25) p['ips.http.header.X-Note'] = pick(rng, UNICODE_VALUES);
  if (rng() < 0.6) p['ips.date.variable.format'] = 'yyyy-MM-dd HH:mm:ss.SSS';
  return p;
}

function urlFor(connector: string, org: string): string {
  if (connector === 'SAP_CLOUD_IDENTITY') return `https://${org}.accounts.ondemand.com`;
  if (connector === 'AZURE_AD') return 'https://graph.microsoft.com';
  if (connector === 'SCP_ABAP_ENVIRONMENT') return `https://${org}.abap.eu10.hana.ondemand.com`;
  return 'https://api.authentication.eu10.hana.ondemand.com';
}

// ---- transformations -------------------------------------------------------------------------

type Mapping = Record<string, unknown>;
type Direction = 'read' | 'write';

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const SAP_EXT = 'urn:ietf:params:scim:schemas:extension:sap:2.0:User';
const USER_PATHS = [
  '$.userName', '$.name.givenName', '$.name.familyName', '$.name.middleName', '$.displayName', '$.title',
  '$.emails[0].value', '$.phoneNumbers', '$.addresses', '$.locale', '$.timezone', '$.active', '$.userType',
  `$['${ENTERPRISE}']['employeeNumber']`, `$['${ENTERPRISE}']['costCenter']`, `$['${ENTERPRISE}']['department']`,
  `$['${ENTERPRISE}']['manager']['value']`, `$['${SAP_EXT}']['userUuid']`, `$['${SAP_EXT}']['sourceSystem']`,
  ...Array.from({ length: 10 }, (_, i) => `$['urn:sap:cloud:scim:schemas:extension:custom:2.0:User']['attributes'][${i}]`),
];
const GROUP_PATHS = [
  '$.displayName', '$.description', "$['urn:sap:cloud:scim:schemas:extension:custom:2.0:Group']['name']",
  "$['urn:sap:cloud:scim:schemas:extension:custom:2.0:Group']['description']", '$.groupType',
];
const FUNCTIONS: readonly Mapping[] = [
  { function: 'toLowerCaseString' },
  { function: 'toUpperCaseString' },
  { function: 'concatString', condition: "'%ips.application.id%' !== 'null'", prefix: '%ips.application.id%' },
  { function: 'replaceAllString', regex: '[^a-zA-Z0-9]', replacement: '_' },
  { function: 'substring', beginIndex: 0, endIndex: 60 },
];

/** Exact line count of a JSON value pretty-printed with 4 spaces (nesting does not change it). */
const lineCount = (value: unknown) => JSON.stringify(value, null, 4).split('\n').length;

function transformation(rng: Rng, direction: Direction, proxy: boolean): Record<string, unknown> {
  const target = int(rng, 44, 350);
  const groupOnly = direction === 'read' && !proxy && rng() < 0.3;
  const entities: Record<string, Record<string, unknown>> = {};
  if (!groupOnly) entities.user = entity(rng, 'user', direction, proxy);
  entities.group = entity(rng, 'group', direction, proxy);
  const lists = Object.entries(entities).map(([kind, e]) => ({ kind, mappings: e.mappings as Mapping[] }));
  let lines = lineCount(entities);
  // Once every mappings array is non-empty, each added mapping adds exactly its own lines.
  for (let i = 0; ; i++) {
    const list = lists[i % lists.length];
    let m = mapping(rng, list.kind, direction, proxy, list.mappings);
    if (lines + lineCount(m) > target) m = { sourcePath: '$.displayName', targetPath: '$.displayName' };
    if (lines + lineCount(m) > target) break;
    list.mappings.push(m);
    lines += lineCount(m);
  }
  return entities;
}

function entity(rng: Rng, kind: string, direction: Direction, proxy: boolean): Record<string, unknown> {
  const e: Record<string, unknown> = {};
  if (proxy) e.scimEntityEndpoint = kind === 'user' ? 'Users' : 'Groups';
  if (rng() < 0.4) e.condition = kind === 'user' ? '($.emails EMPTY false) && isValidEmail($.emails[0].value)' : "$.displayName =~ /^[A-Z].*/";
  if (direction === 'write' && rng() < 0.3) e.skipOperations = ['delete'];
  if (rng() < 0.05) e.ignore = true;
  const id = direction === 'read'
    ? { sourcePath: '$.id', targetVariable: 'entityIdSourceSystem' }
    : { sourceVariable: 'entityIdTargetSystem', targetPath: '$.id' };
  e.mappings = [id];
  if (kind === 'user' && direction === 'write') e.mappings = [id, { constant: [CORE, ENTERPRISE, SAP_EXT], targetPath: '$.schemas' }];
  return e;
}

function mapping(rng: Rng, kind: string, direction: Direction, proxy: boolean, previous: readonly Mapping[]): Mapping {
  const paths = kind === 'user' ? USER_PATHS : GROUP_PATHS;
  const repeat = previous.filter((m) => typeof m.sourcePath === 'string' && typeof m.targetPath === 'string');
  const targetPath = repeat.length > 0 && rng() < 0.12 ? (pick(rng, repeat).targetPath as string) : pick(rng, paths);
  const r = rng();
  if (r < 0.1) return { constant: pick(rng, ['employee', true, 'sap.default', 60]), targetPath, ...scope(rng, direction, proxy) };
  const m: Mapping = { sourcePath: targetPath };
  if (/phoneNumbers|addresses/.test(targetPath)) m.preserveArrayWithSingleElement = true;
  if (rng() < 0.6) m.optional = true;
  m.targetPath = targetPath;
  if (r > 0.75) m.functions = [pick(rng, FUNCTIONS)];
  if (r > 0.6 && r < 0.7) m.defaultValue = 'en';
  if (rng() < 0.1) m.condition = `'%ips.trace.failed.entity.content%' === 'true'`;
  return { ...m, ...scope(rng, direction, proxy) };
}

function scope(rng: Rng, direction: Direction, proxy: boolean): Mapping {
  if (direction !== 'write' || rng() > 0.15) return {};
  return { scope: proxy && rng() < 0.5 ? 'patchEntity' : 'createEntity' };
}

/** The transformation a new system gets when its file has none (POST). */
export function defaultTransformations(accessMode: AccessMode): Record<string, unknown> {
  const read = {
    user: { mappings: [{ sourcePath: '$.id', targetVariable: 'entityIdSourceSystem' }, { sourcePath: '$.userName', targetPath: '$.userName' }, { sourcePath: '$.emails', preserveArrayWithSingleElement: true, targetPath: '$.emails' }] },
    group: { mappings: [{ sourcePath: '$.id', targetVariable: 'entityIdSourceSystem' }, { sourcePath: '$.displayName', targetPath: '$.displayName' }] },
  };
  const write = {
    user: { mappings: [{ sourceVariable: 'entityIdTargetSystem', targetPath: '$.id' }, { constant: [CORE], targetPath: '$.schemas' }, { sourcePath: '$.userName', targetPath: '$.userName' }, { sourcePath: '$.emails', preserveArrayWithSingleElement: true, targetPath: '$.emails' }] },
    group: { mappings: [{ sourceVariable: 'entityIdTargetSystem', targetPath: '$.id' }, { sourcePath: '$.displayName', targetPath: '$.displayName' }, { sourcePath: '$.members[*].value', preserveArrayWithSingleElement: true, optional: true, targetPath: '$.members[?(@.value)]', functions: [{ type: 'resolveEntityIds' }] }] },
  };
  if (accessMode === 'PROXY') return { readTransformation: read, writeTransformation: write };
  return { transformation: accessMode === 'READ' ? read : write };
}

/**
 * The simulated tenant: systems as stored objects (key order as received), the original bytes of seeded
 * files, credential values (never in a system object), transformation history, and the console's rules
 * for create / update / delete (README "HTTP", ips-domain.md §6.5).
 */
import { randomUUID } from 'node:crypto';
import { defaultTransformations } from './generator.ts';

export type AccessMode = 'READ' | 'WRITE' | 'PROXY';
export type SystemFile = Record<string, unknown>;

export interface StoredEntry {
  system: SystemFile;
  /** Exact file bytes, served by export while the system is unmodified. */
  bytes?: string;
  secrets?: Record<string, string>;
}

export interface HistoryVersion {
  version: number;
  time: string;
  modifiedBy: string;
  description: string;
  changes: Record<string, unknown>;
}

export interface Saved {
  system: SystemFile;
  warnings: string[];
}

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

export const ACCESS_MODES: readonly string[] = ['READ', 'WRITE', 'PROXY'];
export const CUSTOMER_MANAGED_LIMIT: Record<string, number> = { READ: 20, WRITE: 50 };
const TRANSFORMATION_KEYS = ['transformation', 'readTransformation', 'writeTransformation'];
const FIXED_KEYS = new Set(['id', 'tenantId', 'accessMode', 'connectorTypeString']);
const RESPONSE_ONLY_KEYS = new Set(['changeDescription', 'warnings']);
const NAME = /^[A-Za-z0-9 ._-]{1,100}$/;

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
export const isCustomerManaged = (s: SystemFile) =>
  s.systemManagementType === undefined || s.systemManagementType === 'CUSTOMER_MANAGED';
const isEnabled = (s: SystemFile) => s.state !== 'DISABLED';

/** Sorted-key JSON, so a transformation re-serialised in another key order is not a change. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

export interface ListQuery {
  accessMode?: string;
  startIndex: number;
  count: number;
  filter: string;
}

export class Tenant {
  private systems = new Map<string, SystemFile>();
  private bytes = new Map<string, string>();
  private secrets = new Map<string, Record<string, string>>();
  private history = new Map<string, HistoryVersion[]>();

  constructor(public tenantId: string) {}

  load(entries: readonly StoredEntry[]): void {
    this.systems.clear();
    this.bytes.clear();
    this.secrets.clear();
    this.history.clear();
    for (const { system, bytes, secrets } of entries) {
      const id = String(system.id);
      this.systems.set(id, system);
      if (bytes !== undefined) this.bytes.set(id, bytes);
      if (secrets && Object.keys(secrets).length > 0) this.secrets.set(id, { ...secrets });
    }
  }

  all(): SystemFile[] {
    return [...this.systems.values()];
  }

  list(q: ListQuery) {
    const filter = q.filter.toLowerCase();
    const rank = (s: SystemFile) => (isCustomerManaged(s) ? 0 : 2) + (isEnabled(s) ? 0 : 1);
    const key = (s: SystemFile) => String(s.name).toLowerCase();
    const matches = this.all()
      .filter((s) => (q.accessMode === undefined || s.accessMode === q.accessMode) && key(s).includes(filter))
      .sort((a, b) => rank(a) - rank(b) || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    const page = matches.slice(q.startIndex - 1, q.startIndex - 1 + q.count);
    return {
      totalResults: matches.length,
      startIndex: q.startIndex,
      itemsPerPage: page.length,
      Resources: page.map((s) => ({
        id: s.id,
        name: s.name,
        alias: s.alias ?? '',
        connectorTypeString: s.connectorTypeString,
        accessMode: s.accessMode,
        state: s.state ?? 'ENABLED',
        systemManagementType: s.systemManagementType ?? 'CUSTOMER_MANAGED',
      })),
    };
  }

  /** The system as the API shows it: credential values `null`, or the stored values when leaking. */
  view(id: string, leak = false): SystemFile {
    const system = this.mustGet(id);
    if (!isObject(system.encryptedProperties)) return { ...system };
    const secrets = this.secrets.get(id) ?? {};
    const values = Object.keys(system.encryptedProperties).map((k) => [k, leak ? (secrets[k] ?? null) : null]);
    return { ...system, encryptedProperties: Object.fromEntries(values) };
  }

  exportJson(id: string, leak = false): string {
    const original = this.bytes.get(id);
    if (original !== undefined && !leak) return original;
    return JSON.stringify(this.view(id, leak), null, 4);
  }

  dump() {
    const history = Object.fromEntries([...this.history].map(([id, versions]) => [id, versions]));
    return { tenantId: this.tenantId, systems: this.all().map((s) => this.view(String(s.id), true)), history };
  }

  create(body: unknown): Saved {
    const file = requireObject(body);
    const accessMode = file.accessMode;
    if (typeof accessMode !== 'string' || !ACCESS_MODES.includes(accessMode)) {
      throw new ApiError(400, 'INVALID_ACCESS_MODE', `Unknown accessMode ${JSON.stringify(accessMode)}`);
    }
    if (typeof file.connectorTypeString !== 'string' || file.connectorTypeString === '') {
      throw new ApiError(400, 'BAD_REQUEST', 'connectorTypeString is required');
    }
    const name = checkName(file.name);
    this.checkUnique(accessMode, name);
    const limit = CUSTOMER_MANAGED_LIMIT[accessMode];
    const used = this.all().filter((s) => s.accessMode === accessMode && isCustomerManaged(s)).length;
    if (limit !== undefined && used >= limit) {
      throw new ApiError(422, 'LIMIT_REACHED', `The limit of ${limit} customer-managed systems of this kind is reached`);
    }
    const secrets = credentialValues(file.encryptedProperties, {}, true);
    const id = randomUUID();
    const system: SystemFile = { id };
    for (const [k, v] of Object.entries(file)) if (k !== 'id' && !RESPONSE_ONLY_KEYS.has(k)) system[k] = v;
    system.tenantId = this.tenantId;
    system.state ??= 'ENABLED';
    system.systemManagementType = 'CUSTOMER_MANAGED';
    if (!isObject(system.properties)) system.properties = {};
    (system.properties as Record<string, unknown>)['ips.date.variable.format'] ??= 'yyyy-MM-dd HH:mm:ss.SSS';
    system.encryptedProperties = nullValues(file.encryptedProperties);
    system.fromImport = true;
    for (const [k, v] of Object.entries(defaultTransformations(accessMode as AccessMode))) system[k] ??= v;
    const warnings = this.dropUnknownSources(system);
    this.systems.set(id, system);
    if (Object.keys(secrets).length > 0) this.secrets.set(id, secrets);
    return { system: this.view(id), warnings };
  }

  update(id: string, body: unknown): Saved {
    const current = this.mustGet(id);
    const file = requireObject(body);
    for (const key of ['accessMode', 'connectorTypeString']) {
      if (key in file && file[key] !== current[key]) throw new ApiError(400, 'IMMUTABLE', `${key} cannot be changed`);
    }
    this.checkUnique(String(current.accessMode), checkName(file.name), id);
    const secrets = credentialValues(file.encryptedProperties, this.secrets.get(id) ?? {}, false);
    const hasNullCredential = isObject(file.encryptedProperties) && Object.values(file.encryptedProperties).includes(null);
    if (hasNullCredential && urlOf(file) !== urlOf(current)) {
      throw new ApiError(422, 'CREDENTIAL_REQUIRED', 'The URL changed: enter all credential values again');
    }
    const changed = TRANSFORMATION_KEYS.filter((k) => canonical(file[k]) !== canonical(current[k]));
    const description = typeof file.changeDescription === 'string' ? file.changeDescription.trim() : '';
    if (changed.length > 0 && description === '') {
      throw new ApiError(422, 'CHANGE_DESCRIPTION_REQUIRED', 'A changed transformation needs a change description');
    }
    const next = replaceEditable(current, file);
    if ('encryptedProperties' in next) next.encryptedProperties = nullValues(file.encryptedProperties);
    const warnings = this.dropUnknownSources(next);
    if (JSON.stringify(next) !== JSON.stringify(current)) this.bytes.delete(id);
    this.systems.set(id, next);
    this.secrets.set(id, secrets);
    if (changed.length > 0) this.addVersion(id, description, Object.fromEntries(changed.map((k) => [k, next[k]])));
    return { system: this.view(id), warnings };
  }

  remove(id: string): void {
    this.mustGet(id);
    for (const map of [this.systems, this.bytes, this.secrets, this.history]) map.delete(id);
  }

  private mustGet(id: string): SystemFile {
    const system = this.systems.get(id);
    if (!system) throw new ApiError(404, 'NOT_FOUND', `No system with id ${id}`);
    return system;
  }

  private checkUnique(accessMode: string, name: string, exceptId?: string): void {
    const clash = this.all().some((s) => s.accessMode === accessMode && s.name === name && s.id !== exceptId);
    if (clash) throw new ApiError(409, 'DUPLICATE_NAME', `A system with the name "${name}" already exists`);
  }

  /** The console drops linked source names that don't exist and says so (ips-domain.md §6.3). */
  private dropUnknownSources(system: SystemFile): string[] {
    if (!('relatedSystems' in system)) return [];
    const related = system.relatedSystems;
    if (!Array.isArray(related) || related.some((n) => typeof n !== 'string')) {
      throw new ApiError(400, 'BAD_REQUEST', 'relatedSystems must be an array of names');
    }
    const sources = new Set(this.all().filter((s) => s.accessMode === 'READ').map((s) => s.name));
    const missing = related.filter((n) => !sources.has(n));
    system.relatedSystems = related.filter((n) => sources.has(n));
    return missing.map((n) => `Source system "${n}" does not exist and was not saved`);
  }

  private addVersion(id: string, description: string, changes: Record<string, unknown>): void {
    const versions = this.history.get(id) ?? [];
    const time = new Date().toISOString();
    versions.push({ version: versions.length + 1, time, modifiedBy: 'simulator', description, changes });
    this.history.set(id, versions);
  }
}

function requireObject(body: unknown): Record<string, unknown> {
  if (!isObject(body)) throw new ApiError(400, 'BAD_REQUEST', 'The body must be a JSON object');
  return body;
}

function checkName(name: unknown): string {
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new ApiError(422, 'INVALID_NAME', 'The name must have 1 to 100 characters: a-z A-Z 0-9 - _ . and space');
  }
  return name;
}

const urlOf = (s: Record<string, unknown>) => (isObject(s.properties) ? s.properties.URL : undefined);

const nullValues = (enc: unknown) => (isObject(enc) ? Object.fromEntries(Object.keys(enc).map((k) => [k, null])) : {});

/**
 * The credential values after a save: a string sets the value, `null` keeps the stored one (on create
 * there is none, so it is missing), a name left out is deleted.
 */
function credentialValues(enc: unknown, stored: Record<string, string>, create: boolean): Record<string, string> {
  if (enc === undefined) return {};
  if (!isObject(enc)) throw new ApiError(400, 'BAD_REQUEST', 'encryptedProperties must be an object');
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(enc)) {
    if (typeof v === 'string' && v !== '') out[k] = v;
    else if (v === null && !create) {
      if (stored[k] !== undefined) out[k] = stored[k];
    } else throw new ApiError(422, 'CREDENTIAL_MISSING', `The credential "${k}" needs a value`);
  }
  return out;
}

/** PUT: editable keys come from the body (existing keys keep their place, new ones are appended). */
function replaceEditable(current: SystemFile, file: Record<string, unknown>): SystemFile {
  const next: SystemFile = {};
  for (const [k, v] of Object.entries(current)) {
    if (FIXED_KEYS.has(k)) next[k] = v;
    else if (k in file) next[k] = file[k];
  }
  for (const [k, v] of Object.entries(file)) {
    if (!(k in next) && !FIXED_KEYS.has(k) && !RESPONSE_ONLY_KEYS.has(k)) next[k] = v;
  }
  return next;
}

/**
 * The tenant's starting content: the real exported files (tests/fixtures/real-exports) byte-exact with
 * their ids, or what a test hands to `POST /__sim/reset`, plus generated systems on request.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateSystems, hashSeed, mulberry32, uuidV4 } from './generator.ts';
import { ApiError, isObject } from './state.ts';
import type { StoredEntry, SystemFile } from './state.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/real-exports/', import.meta.url));

export interface ResetInput {
  /** System files as objects, or as their exact text (kept as the export bytes). */
  systems?: unknown[];
  /** Credential values by system name, then property name. */
  secrets?: Record<string, Record<string, string>>;
  generate?: number;
  seed?: number;
}

/** The real exports, in file-name order. Files without an id (the templates) get a stable one. */
export function loadRealSeed(): StoredEntry[] {
  const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.json')).sort();
  return files.map((file) => entryFromText(readFileSync(FIXTURES + file, 'utf8'), file));
}

function entryFromText(text: string, label: string): StoredEntry {
  const parsed: unknown = JSON.parse(text);
  if (!isObject(parsed)) throw new ApiError(400, 'BAD_REQUEST', `${label}: a system file must be a JSON object`);
  // Byte-exact (console-contract.md §4): the export returns the seeded bytes, even for the id-less
  // templates, whose id exists only inside the simulated tenant.
  return { system: withId(parsed, label), bytes: text };
}

function withId(system: SystemFile, label: string): SystemFile {
  if (typeof system.id === 'string') return system;
  const { id: _ignored, ...rest } = system;
  return { id: uuidV4(mulberry32(hashSeed(`${label}\n${String(system.accessMode)}\n${String(system.name)}`))), ...rest };
}

/** Credential values for the real seed, so tests can prove a secret never leaves the server. */
function seedSecrets(entries: readonly StoredEntry[]): void {
  for (const entry of entries) {
    const enc = entry.system.encryptedProperties;
    if (!isObject(enc)) continue;
    const rng = mulberry32(hashSeed(String(entry.system.id)));
    entry.secrets = Object.fromEntries(Object.keys(enc).map((k) => [k, `seed-secret-${uuidV4(rng).slice(0, 13)}`]));
  }
}

/** The entries a reset body stands for (README `POST /__sim/reset`); no rule checks. */
export function entriesForReset(body: unknown, tenantId: string): StoredEntry[] {
  const input = parseResetInput(body);
  let entries: StoredEntry[];
  if (input.systems === undefined) {
    entries = loadRealSeed();
    seedSecrets(entries);
  } else {
    entries = input.systems.map((s, i) =>
      typeof s === 'string' ? entryFromText(s, `systems[${i}]`) : { system: withId(s as SystemFile, `systems[${i}]`) },
    );
  }
  entries.forEach(moveCredentialValues);
  applySecrets(entries, input.secrets ?? {});
  if (input.generate) {
    const generated = generateSystems(input.generate, input.seed ?? 1, entries.map((e) => e.system), tenantId);
    entries.push(...generated.map((g) => ({ system: g.system, secrets: g.secrets })));
  }
  return entries;
}

function parseResetInput(body: unknown): ResetInput {
  if (body === undefined) return {};
  if (!isObject(body)) throw new ApiError(400, 'BAD_REQUEST', 'The reset body must be a JSON object');
  const { systems, secrets, generate, seed } = body;
  if (systems !== undefined && (!Array.isArray(systems) || !systems.every((s) => typeof s === 'string' || isObject(s)))) {
    throw new ApiError(400, 'BAD_REQUEST', 'systems must be an array of system files');
  }
  if (secrets !== undefined && (!isObject(secrets) || !Object.values(secrets).every(isObject))) {
    throw new ApiError(400, 'BAD_REQUEST', 'secrets must map system names to {property: value}');
  }
  for (const [key, n] of Object.entries({ generate, seed })) {
    if (n !== undefined && (!Number.isInteger(n) || (n as number) < 0)) {
      throw new ApiError(400, 'BAD_REQUEST', `${key} must be a non-negative integer`);
    }
  }
  return body as ResetInput;
}

/** A credential value written into a given system file is kept as a secret, never in the system. */
function moveCredentialValues(entry: StoredEntry): void {
  const enc = entry.system.encryptedProperties;
  if (!isObject(enc) || Object.values(enc).every((v) => v === null)) return;
  const values = Object.entries(enc).filter((e): e is [string, string] => typeof e[1] === 'string');
  entry.secrets = { ...entry.secrets, ...Object.fromEntries(values) };
  entry.system.encryptedProperties = Object.fromEntries(Object.keys(enc).map((k) => [k, null]));
  delete entry.bytes;
}

/** Secrets are given by system name; a property not yet listed as a credential becomes one. */
function applySecrets(entries: StoredEntry[], secrets: Record<string, Record<string, string>>): void {
  for (const entry of entries) {
    const given = secrets[String(entry.system.name)];
    if (!given) continue;
    const enc = isObject(entry.system.encryptedProperties) ? entry.system.encryptedProperties : {};
    const missing = Object.keys(given).filter((k) => !(k in enc));
    if (missing.length > 0) {
      entry.system.encryptedProperties = { ...enc, ...Object.fromEntries(missing.map((k) => [k, null])) };
      delete entry.bytes;
    }
    entry.secrets = { ...entry.secrets, ...given };
  }
}

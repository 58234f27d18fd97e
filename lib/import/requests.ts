/**
 * Shapes of incoming import messages, checked by the background before use (a content script runs next
 * to the console's page and is trusted less). Each parser returns a fresh object with known fields only.
 */
import { ACCESS_MODES, SYSTEM_KINDS, type AccessMode, type SystemFile } from '../model/system.ts';
import { checkers } from '../messaging/check.ts';
import { READ_LIMITS, type EntryText, type ImportInput } from './input.ts';
import type { ImportScope, LiveInput, RestoreRequest, UndoOutcome, WriteOutcome } from './messages.ts';
import type { Decision, ImportAction } from './types.ts';

export class ImportError extends Error {
  constructor(
    message: string,
    readonly code: 'BAD_REQUEST' | 'NO_SESSION' | 'PENDING_IMPORT' | 'WRONG_STATE' | 'BLOCKED' | 'CROSS_TENANT',
  ) {
    super(message);
  }
}

const MAX_ITEMS = 2000;
const MAX_TOTAL_CHARS = READ_LIMITS.maxTotalBytes + READ_LIMITS.maxFileBytes;
const ACTIONS: readonly ImportAction[] = ['create', 'update', 'copy', 'skip', 'delete'];

const check = checkers((message) => new ImportError(message, 'BAD_REQUEST'), MAX_ITEMS);
const { bad, obj, str, arr, oneOf } = check;

export const parseOrigin = (v: unknown): string => check.origin(v, 'origin');

function entryText(r: Record<string, unknown>, what: string, budget: { chars: number }): EntryText {
  if (r.text === null) {
    return { text: null, code: oneOf(r.code, ['invalid-file', 'too-large'] as const, `${what}/code`), reason: str(r.reason, `${what}/reason`) };
  }
  const text = str(r.text, `${what}/text`, READ_LIMITS.maxFileBytes);
  budget.chars -= text.length;
  if (budget.chars < 0) throw bad('inputs', `must hold at most ${MAX_TOTAL_CHARS} characters in all`);
  return { text };
}

export function parseInputs(v: unknown): ImportInput[] {
  const budget = { chars: MAX_TOTAL_CHARS };
  return arr(v, 'inputs', 100).map((x, i): ImportInput => {
    const r = obj(x, `inputs/${i}`);
    const name = str(r.name, `inputs/${i}/name`, 1000);
    const type = oneOf(r.type, ['file', 'zip', 'refused'] as const, `inputs/${i}/type`);
    if (type === 'file') return { name, type, ...entryText(r, `inputs/${i}`, budget) };
    if (type === 'refused') return { name, type, code: oneOf(r.code, ['too-large', 'bad-zip'] as const, `inputs/${i}/code`), reason: str(r.reason, `inputs/${i}/reason`) };
    const entries = arr(r.entries, `inputs/${i}/entries`, READ_LIMITS.maxEntries).map((e, j) => {
      const entry = obj(e, `inputs/${i}/entries/${j}`);
      return { path: str(entry.path, `inputs/${i}/entries/${j}/path`, 1000), ...entryText(entry, `inputs/${i}/entries/${j}`, budget) };
    });
    const unsafe = arr(r.unsafe, `inputs/${i}/unsafe`, READ_LIMITS.maxEntries).map((e, j) => {
      const u = obj(e, `inputs/${i}/unsafe/${j}`);
      return { path: str(u.path, `inputs/${i}/unsafe/${j}/path`, 1000), reason: str(u.reason, `inputs/${i}/unsafe/${j}/reason`) };
    });
    return { name, type, entries, unsafe };
  });
}

export function parseScope(v: unknown): ImportScope {
  return oneOf(v, ['all', ...SYSTEM_KINDS] as const, 'scope');
}

export function parseLive(v: unknown): LiveInput {
  const r = obj(v, 'live');
  const tenantId = r.tenantId === null ? null : str(r.tenantId, 'live/tenantId', 500);
  const systems = arr(r.systems, 'live/systems', 10_000).map((x, i) => {
    const s = obj(x, `live/systems/${i}`);
    const smt = s.systemManagementType;
    return {
      id: str(s.id, `live/systems/${i}/id`, 200),
      name: str(s.name, `live/systems/${i}/name`, 1000),
      accessMode: oneOf<AccessMode>(s.accessMode, ACCESS_MODES, `live/systems/${i}/accessMode`),
      systemManagementType: smt === undefined || smt === null ? null : str(smt, `live/systems/${i}/systemManagementType`, 200),
      ...(s.record === undefined ? {} : { record: liveRecord(s.record, `live/systems/${i}/record`) }),
    };
  });
  return { tenantId, systems };
}

function liveRecord(v: unknown, what: string): SystemFile {
  const r = obj(v, what);
  str(r.name, `${what}/name`, 1000);
  oneOf<AccessMode>(r.accessMode, ACCESS_MODES, `${what}/accessMode`);
  return r as SystemFile;
}

export function parseDecisions(v: unknown): Record<string, Decision> {
  const r = obj(v, 'decisions');
  const out: Record<string, Decision> = {};
  for (const [key, value] of Object.entries(r)) {
    const d = obj(value, `decisions/${key}`);
    const decision: Decision = { action: oneOf(d.action, ACTIONS, `decisions/${key}/action`) };
    if (d.copyName !== undefined) decision.copyName = str(d.copyName, `decisions/${key}/copyName`, 1000);
    if (d.changeDescription !== undefined) decision.changeDescription = str(d.changeDescription, `decisions/${key}/changeDescription`, 5000);
    if (d.acceptIntegrityMismatch !== undefined) decision.acceptIntegrityMismatch = d.acceptIntegrityMismatch === true;
    Object.defineProperty(out, key, { value: decision, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function warnings(v: unknown, what: string): string[] {
  return arr(v, what, 1000).map((w, i) => str(w, `${what}/${i}`));
}

export function parseOutcome(v: unknown): WriteOutcome {
  const r = obj(v, 'outcome');
  const status = oneOf(r.status, ['created', 'updated', 'deleted', 'skipped', 'failed'] as const, 'outcome/status');
  if (status === 'skipped' || status === 'failed') return { status, reason: str(r.reason, 'outcome/reason') };
  if (status === 'deleted') return { status, id: str(r.id, 'outcome/id', 200) };
  return { status, id: str(r.id, 'outcome/id', 200), contentHash: str(r.contentHash, 'outcome/contentHash', 100), warnings: warnings(r.warnings, 'outcome/warnings') };
}

export function parseUndoOutcome(v: unknown): UndoOutcome {
  const r = obj(v, 'outcome');
  const status = oneOf(r.status, ['restored', 'deleted', 'recreated', 'skipped', 'failed'] as const, 'outcome/status');
  if (status === 'skipped' || status === 'failed') return { status, reason: str(r.reason, 'outcome/reason') };
  return { status };
}

export function parseRestore(r: Record<string, unknown>): RestoreRequest {
  const systems = r.systems === undefined ? undefined : arr(r.systems, 'systems').map((s, i) => str(s, `systems/${i}`, 200));
  const part = r.part === undefined || r.part === null ? undefined : oneOf(r.part, ['properties', 'transformation'] as const, 'part');
  if (part && systems?.length !== 1) throw bad('part', 'restores a part of exactly one system: name it in systems');
  if (systems && systems.length === 0) throw bad('systems', 'must name at least one system');
  return { snapshotId: check.int(r.snapshotId, 'snapshotId', 1), ...(systems ? { systems } : {}), ...(part ? { part } : {}), crossTenant: r.crossTenant === true };
}

export function parseKey(v: unknown): string {
  return str(v, 'key', 3000);
}

export function requestObject(v: unknown): Record<string, unknown> {
  return obj(v, 'the request');
}

/**
 * The apply and undo loops, run in the content script (the console's origin and session). One write at
 * a time in plan order: re-read the system, skip it when it changed since the preview, write with the
 * typed secrets, then report the outcome to the background BEFORE the next write, so a resume never
 * repeats a completed write. A failed write is reported and the loop goes on; an expired session (or a
 * spent retry budget, or a cancel) stops it, resumable.
 *
 * Typed secrets exist only in the `secrets` argument and the request body; they never reach a report.
 */
import { contentHash } from '../canonical/hash.ts';
import { ConsoleError, WriteOutcomeUnknownError, isFatal } from '../console/errors.ts';
import type { SavedSystem } from '../console/api.ts';
import type { SystemSummary } from '../console/profile.ts';
import { scrubSecrets } from '../export/secrets.ts';
import type { SystemFile, SystemKind } from '../model/system.ts';
import type { ApplyStep, UndoOutcome, UndoStep, WriteOutcome } from './messages.ts';

/** The part of ConsoleClient the loops use. */
export interface WriteClient {
  listSystems(kind: SystemKind, filter?: string): Promise<SystemSummary[]>;
  getSystem(id: string): Promise<unknown>;
  createSystem(body: SystemFile): Promise<SavedSystem>;
  updateSystem(id: string, body: SystemFile, changeDescription?: string): Promise<SavedSystem>;
  deleteSystem(id: string): Promise<void>;
}

/** Credential values the admin typed, per step key and credential name. */
export type Secrets = Record<string, Record<string, string>>;

export interface LoopDeps<O> {
  client: WriteClient;
  report: (key: string, outcome: O) => Promise<void>;
  onStep?: (key: string) => void;
}

/** Why a loop stopped before its end; the remaining steps run on resume. */
export interface Stop {
  code: string;
  message: string;
}

export const CHANGED_SINCE_PREVIEW = 'changed since preview';

export async function applySteps(steps: ApplyStep[], done: Record<string, WriteOutcome>, secrets: Secrets, deps: LoopDeps<WriteOutcome>): Promise<Stop | null> {
  return runLoop(steps, done, deps, (step) => applyStep(step, secrets[step.key] ?? {}, deps.client));
}

export async function undoSteps(steps: UndoStep[], done: Record<string, UndoOutcome>, secrets: Secrets, deps: LoopDeps<UndoOutcome>): Promise<Stop | null> {
  return runLoop(steps, done, deps, (step) => undoStep(step, secrets[step.key] ?? {}, deps.client));
}

async function runLoop<S extends { key: string }, O>(
  steps: S[],
  done: Record<string, O>,
  deps: LoopDeps<O>,
  run: (step: S) => Promise<O>,
): Promise<Stop | null> {
  for (const step of steps) {
    if (done[step.key]) continue;
    deps.onStep?.(step.key);
    let outcome: O;
    try {
      outcome = await run(step);
    } catch (e) {
      if (isFatal(e)) return { code: (e as ConsoleError).code, message: (e as Error).message };
      outcome = { status: 'failed', reason: reason(e) } as O;
    }
    try {
      await deps.report(step.key, outcome);
    } catch (e) {
      // Without the record a resume could repeat this write: stop here.
      return { code: 'REPORT_FAILED', message: `The result of "${step.key}" could not be recorded (${reason(e)}); nothing more was written.` };
    }
  }
  return null;
}

async function applyStep(step: ApplyStep, typed: Record<string, string>, client: WriteClient): Promise<WriteOutcome> {
  if (step.method === 'DELETE') {
    const live = await reread(client, step.systemId!);
    if (!live) return { status: 'skipped', reason: 'already deleted: the system is no longer in the tenant' };
    if ((await contentHash(live)) !== step.expectHash) return { status: 'skipped', reason: `${CHANGED_SINCE_PREVIEW}: someone edited "${String(live.name)}" after the preview, so it was not deleted` };
    await client.deleteSystem(step.systemId!);
    return { status: 'deleted', id: step.systemId! };
  }
  if (step.method === 'PUT') {
    const live = await reread(client, step.systemId!);
    if (!live) return { status: 'skipped', reason: `${CHANGED_SINCE_PREVIEW}: the system was deleted` };
    if ((await contentHash(live)) !== step.expectHash) return { status: 'skipped', reason: `${CHANGED_SINCE_PREVIEW}: someone edited "${String(live.name)}" after the preview; prepare the import or restore again to see the new diff` };
    const saved = await client.updateSystem(step.systemId!, withSecrets(step.body, typed), step.changeDescription);
    return { status: 'updated', id: step.systemId!, ...(await savedOutcome(saved)) };
  }
  const existing = (await client.listSystems(step.kind, step.name)).find((s) => s.name === step.name);
  if (existing) return { status: 'skipped', reason: `${CHANGED_SINCE_PREVIEW}: the tenant now has a ${step.kind} named "${step.name}"` };
  try {
    const saved = await client.createSystem(withSecrets(step.body, typed));
    return { status: 'created', id: String(saved.system.id), ...(await savedOutcome(saved)) };
  } catch (e) {
    if (!(e instanceof WriteOutcomeUnknownError)) throw e;
    // The answer was lost: look whether the system exists now instead of sending the POST again.
    const created = (await client.listSystems(step.kind, step.name)).find((s) => s.name === step.name);
    if (!created) throw new Error(`${e.message} It does not exist in the tenant: import it again.`);
    const live = await reread(client, created.id);
    return { status: 'created', id: created.id, contentHash: live ? await contentHash(live) : '', warnings: [] };
  }
}

async function undoStep(step: UndoStep, typed: Record<string, string>, client: WriteClient): Promise<UndoOutcome> {
  if (step.method === 'POST') return recreate(step, typed, client);
  const live = await reread(client, step.systemId);
  if (!live) return { status: 'skipped', reason: 'the system no longer exists' };
  if ((await contentHash(live)) !== step.expectHash) return { status: 'skipped', reason: 'changed since the import: someone edited it, so it was left as it is' };
  if (step.method === 'DELETE') {
    await client.deleteSystem(step.systemId);
    return { status: 'deleted' };
  }
  await client.updateSystem(step.systemId, withSecrets(step.body!, typed), step.changeDescription);
  return { status: 'restored' };
}

/** Undo of a deletion: the system is created again from its pre-image, unless its name is taken by now. */
async function recreate(step: UndoStep, typed: Record<string, string>, client: WriteClient): Promise<UndoOutcome> {
  const taken = async () => (await client.listSystems(step.kind, step.name)).some((s) => s.name === step.name);
  if (await taken()) return { status: 'skipped', reason: `the tenant has a ${step.kind} named "${step.name}" again, so it was left as it is` };
  try {
    await client.createSystem(withSecrets(step.body!, typed));
  } catch (e) {
    if (!(e instanceof WriteOutcomeUnknownError)) throw e;
    if (!(await taken())) throw new Error(`${e.message} It does not exist in the tenant: undo again.`);
  }
  return { status: 'recreated' };
}

/** The ids of the systems an apply created or updated: what an undo changes in place. */
export function writtenIds(outcomes: Record<string, WriteOutcome>): string[] {
  return Object.values(outcomes).flatMap((o) => (o.status === 'created' || o.status === 'updated' ? [o.id] : []));
}

/** The live system without any credential value the console may have leaked; null when it is gone. */
export async function reread(client: Pick<WriteClient, 'getSystem'>, id: string): Promise<SystemFile | null> {
  try {
    return scrubSecrets((await client.getSystem(id)) as SystemFile).record;
  } catch (e) {
    if (e instanceof ConsoleError && e.status === 404) return null;
    throw e;
  }
}

async function savedOutcome(saved: SavedSystem): Promise<{ contentHash: string; warnings: string[] }> {
  return { contentHash: await contentHash(scrubSecrets(saved.system).record), warnings: saved.warnings };
}

/** The body with typed values: a non-empty string replaces the stored secret, anything else keeps it (null). */
export function withSecrets(body: SystemFile, typed: Record<string, string>): SystemFile {
  const encrypted = body.encryptedProperties;
  if (!encrypted || typeof encrypted !== 'object') return body;
  const value = (name: string) => (Object.hasOwn(typed, name) && typeof typed[name] === 'string' && typed[name] !== '' ? typed[name] : null);
  const values = Object.fromEntries(Object.keys(encrypted).map((name) => [name, value(name)]));
  return { ...body, encryptedProperties: values };
}

function reason(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * The pending import of each tenant, kept by the background in extension storage so that it survives a
 * page reload, an expired console session and a restarted service worker: the read items, the live
 * records the plan saw, the decisions, the fixed writes and what happened to each. Never a secret.
 *
 * Two keys per tenant: the bulky data (items, live records, plan), written when planning, and the small
 * progress record, written after every single write of an apply.
 */
import { browser } from 'wxt/browser';
import type { ApplyStep, ImportScope, ReadView, SessionStatus, UndoOutcome, UndoStep, WriteOutcome } from './messages.ts';
import type { Decision, ImportItem, ImportPlan, LiveTenant } from './types.ts';

/** 2: both parts stored as JSON text, because extension storage sorts object keys (key order is data here). */
export const SESSION_FORMAT = 2;

export interface SessionData {
  format: typeof SESSION_FORMAT;
  items: ImportItem[];
  read: ReadView;
  scope: ImportScope;
  live: LiveTenant | null;
  /** The plan before decisions (what planImport returned). */
  basePlan: ImportPlan | null;
  /** Fixed when the apply starts. */
  steps: ApplyStep[];
}

export interface SessionProgress {
  format: typeof SESSION_FORMAT;
  origin: string;
  status: SessionStatus | 'read';
  decisions: Record<string, Decision>;
  outcomes: Record<string, WriteOutcome>;
  snapshotId: number | null;
  /** Optional: sessions stored before undo kept a snapshot have none. */
  undoSnapshotId?: number | null;
  snapshotWarnings: string[];
  undoSteps: UndoStep[];
  undoOutcomes: Record<string, UndoOutcome>;
  updatedAt: string;
}

export interface Session {
  data: SessionData;
  progress: SessionProgress;
}

const dataKey = (origin: string) => `ipx.import.data:${origin}`;
const progressKey = (origin: string) => `ipx.import.progress:${origin}`;

export async function loadSession(origin: string): Promise<Session | null> {
  const keys = [dataKey(origin), progressKey(origin)];
  const stored = (await browser.storage.local.get(keys)) as Record<string, unknown>;
  const data = fromText<SessionData>(stored[keys[0]!]);
  const progress = fromText<SessionProgress>(stored[keys[1]!]);
  // A session of another format (an older extension version) is not guessed at: it is dropped.
  if (!data || !progress || data.format !== SESSION_FORMAT || progress.format !== SESSION_FORMAT) return null;
  return { data, progress };
}

export async function saveSession(session: Session, what: 'all' | 'progress' = 'all'): Promise<void> {
  const origin = session.progress.origin;
  session.progress.updatedAt = new Date().toISOString();
  // As text: chrome.storage keeps objects as sorted dictionaries, which would reorder the keys of the
  // records to be written, so the console would store (and later export) a reordered file.
  const items: Record<string, unknown> = { [progressKey(origin)]: JSON.stringify(session.progress) };
  if (what === 'all') items[dataKey(origin)] = JSON.stringify(session.data);
  await browser.storage.local.set(items);
}

function fromText<T>(value: unknown): T | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    return JSON.parse(value) as T;
  } catch {
    return undefined;
  }
}

export async function deleteSession(origin: string): Promise<void> {
  await browser.storage.local.remove([dataKey(origin), progressKey(origin)]);
}

/** One change at a time per tenant: messages of one dialog arrive in order, but a second tab may race. */
const queues = new Map<string, Promise<unknown>>();

export function withSession<T>(origin: string, task: () => Promise<T>): Promise<T> {
  const previous = queues.get(origin) ?? Promise.resolve();
  const next = previous.then(task, task);
  queues.set(origin, next.catch(() => undefined));
  return next;
}

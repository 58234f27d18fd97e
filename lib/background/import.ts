/**
 * The background's part of "Import with diff": validation (ajv), hashing, planning and diffs (pure
 * cores), the pre-image snapshot, and the import session that survives reloads and expired console
 * sessions. The content script does the console calls; what it reports here is never a secret.
 */
import { contentHash } from '@/lib/canonical/hash';
import { scrubSecrets } from '@/lib/export/secrets';
import { applyDecisions, matchedLive, mergePart, planImport } from '@/lib/import/plan';
import { readImportInputs } from '@/lib/import/read';
import { ImportError, parseDecisions, parseInputs, parseKey, parseLive, parseOrigin, parseOutcome, parseRestore, parseScope, parseUndoOutcome, requestObject } from '@/lib/import/requests';
import { deleteSession, loadSession, saveSession, withSession, SESSION_FORMAT, type Session } from '@/lib/import/session-store';
import type { ImportProtocol, LiveInput, ReadView, RestorePart, RestoreRequest, RestoreView, SessionStatus, SessionView } from '@/lib/import/messages';
import type { ImportItem, ImportPlan, LiveTenant } from '@/lib/import/types';
import { isPartialTrigger } from '@/lib/messaging/protocol';
import { getSnapshot, getSnapshotRecords } from '@/lib/snapshots/store';
import { applySteps, itemDiff, planView, preImageRecords, readView, undoSteps, withoutTexts } from '@/lib/import/views';
import type { Handlers } from '@/lib/messaging';
import type { IngestContext } from '@/lib/snapshots/ingest';
import type { SystemFile } from '@/lib/model/system';
import { takePreImage } from '@/lib/snapshots/pre-image';
import { writtenIds } from '@/lib/import/apply';

type ImportHandlers = Pick<Handlers, keyof ImportProtocol>;
type Sender = { url?: string; tabId?: number };

export function createImportHandlers(context: () => Promise<IngestContext>): ImportHandlers {
  /** Parses the origin, checks the sender may act for it, and runs `task` alone for that tenant. */
  const tenant = <T>(payload: unknown, sender: Sender, task: (origin: string, req: Record<string, unknown>) => Promise<T>): Promise<T> => {
    const req = requestObject(payload);
    const origin = parseOrigin(req.origin);
    ownTenant(sender, origin);
    return withSession(origin, () => task(origin, req));
  };
  return {
    'import.read': async (payload, sender) => tenant(payload, sender, (origin, req) => read(origin, req)),
    'import.restore': async (payload, sender) => tenant(payload, sender, (origin, req) => restore(origin, parseRestore(req))),
    'import.plan': async (payload, sender) =>
      tenant(payload, sender, async (origin, req) => {
        const session = await planned(origin, ['read', 'planned']);
        const live = req.live === undefined ? null : await liveTenant(origin, parseLive(req.live));
        return plan(session, parseScope(req.scope), live);
      }),
    'import.decide': async (payload, sender) =>
      tenant(payload, sender, async (origin, req) => {
        const session = await planned(origin, ['planned']);
        session.progress.decisions = { ...session.progress.decisions, ...parseDecisions(req.decisions) };
        await saveSession(session, 'progress');
        return view(session).plan;
      }),
    'import.diff': async (payload, sender) =>
      tenant(payload, sender, async (origin, req) => {
        const session = await planned(origin, ['planned', 'applying', 'applied', 'undoing', 'undone']);
        return itemDiff(effectivePlan(session), session.data.live!, parseKey(req.key), req.showVolatile === true);
      }),
    // A resume only continues writes already under way: a dialog left open in another tab can't start a new plan or undo.
    'import.start': async (payload, sender) => tenant(payload, sender, async (origin, req) => start(await planned(origin, req.resume === true ? ['applying'] : ['planned', 'applying']), context)),
    'import.progress': async (payload, sender) =>
      tenant(payload, sender, async (origin, req) => {
        const session = await planned(origin, ['applying']);
        const key = parseKey(req.key);
        if (!session.data.steps.some((s) => s.key === key)) throw new ImportError(`"${key}" is not a write of this import.`, 'BAD_REQUEST');
        // The first report of a write stands: a repeated report never changes what happened.
        session.progress.outcomes[key] ??= parseOutcome(req.outcome);
        if (session.data.steps.every((s) => session.progress.outcomes[s.key])) session.progress.status = 'applied';
        await saveSession(session, 'progress');
        return { status: session.progress.status as SessionStatus };
      }),
    'import.undo': async (payload, sender) => tenant(payload, sender, async (origin, req) => undo(await planned(origin, req.resume === true ? ['undoing'] : ['applied', 'undoing']), req.records, context)),
    'import.undoProgress': async (payload, sender) =>
      tenant(payload, sender, async (origin, req) => {
        const session = await planned(origin, ['undoing']);
        const key = parseKey(req.key);
        if (!session.progress.undoSteps.some((s) => s.key === key)) throw new ImportError(`"${key}" is not a step of this undo.`, 'BAD_REQUEST');
        session.progress.undoOutcomes[key] ??= parseUndoOutcome(req.outcome);
        if (session.progress.undoSteps.every((s) => session.progress.undoOutcomes[s.key])) session.progress.status = 'undone';
        await saveSession(session, 'progress');
        return { status: session.progress.status as SessionStatus };
      }),
    'import.session': async (payload, sender) =>
      tenant(payload, sender, async (origin) => {
        const session = await loadSession(origin);
        return session && session.data.basePlan && session.progress.status !== 'read' ? view(session) : null;
      }),
    'import.discard': async (payload, sender) =>
      tenant(payload, sender, async (origin) => {
        await deleteSession(origin);
        return null;
      }),
  };
}

async function read(origin: string, req: Record<string, unknown>) {
  const inputs = parseInputs(req.inputs);
  await noPendingWrites(origin);
  const result = await readImportInputs(inputs);
  const rv = readView(result);
  await newSession(origin, withoutTexts(result.items), rv);
  return rv;
}

async function noPendingWrites(origin: string): Promise<void> {
  const existing = await loadSession(origin);
  if (existing && (existing.progress.status === 'applying' || existing.progress.status === 'undoing')) {
    throw new ImportError('An import into this tenant is not finished: resume it or discard it before importing or restoring anything else.', 'PENDING_IMPORT');
  }
}

/**
 * A restore reads the snapshot's records instead of files: the store verifies the snapshot's seal first
 * (a damaged one is refused), and each system keeps its id so that a restore into the same tenant
 * matches by id, a rename included.
 */
async function restore(origin: string, req: RestoreRequest): Promise<ReadView> {
  await noPendingWrites(origin);
  const { snapshot, records } = await getSnapshotRecords(req.snapshotId, req.systems ? { systems: req.systems } : {});
  if (snapshot.origin !== origin && !req.crossTenant) {
    throw new ImportError(`Snapshot #${snapshot.id} is of ${snapshot.origin}, not of ${origin}. Restoring it into another tenant needs your explicit confirmation in the popup.`, 'CROSS_TENANT');
  }
  // Systems "created since the snapshot" only exist in the snapshot's own tenant: restoring into another
  // tenant never offers that tenant's systems for deletion.
  const whole = !req.systems && !isPartialTrigger(snapshot.trigger);
  const deletes = whole && snapshot.origin === origin;
  const failed = whole ? (await getSnapshot(snapshot.id)).systems.filter((s) => s.status === 'failed').map((s) => s.name) : [];
  const file = `snapshot #${snapshot.id}`;
  const items: ImportItem[] = await Promise.all(
    records.map(async ({ system, record }) => {
      if (!record) throw new ImportError(`Snapshot #${snapshot.id} has no intact record of "${system.name}"; it can't be restored.`, 'BAD_REQUEST');
      return {
        key: `snapshot:${system.kind}:${system.id}`,
        file,
        record,
        text: '',
        kind: system.kind,
        name: system.name,
        contentHash: await contentHash(record),
        bundle: { origin: snapshot.origin, tenantId: snapshot.tenantId, createdAt: snapshot.createdAt },
        integrity: 'ok' as const,
      };
    }),
  );
  const restoreView: RestoreView = {
    snapshotId: snapshot.id,
    snapshotOrigin: snapshot.origin,
    createdAt: snapshot.createdAt,
    label: snapshot.label,
    part: req.part ?? null,
    deleteKinds: deletes ? snapshot.kinds : [],
    keepNames: failed,
  };
  const rv: ReadView = { ...readView({ items, invalid: [], bundles: [], duplicates: [], notes: [] }), restore: restoreView };
  await newSession(origin, items, rv);
  return rv;
}

async function newSession(origin: string, items: ImportItem[], rv: ReadView): Promise<void> {
  const session: Session = {
    data: { format: SESSION_FORMAT, items, read: rv, scope: 'all', live: null, basePlan: null, steps: [] },
    progress: {
      format: SESSION_FORMAT,
      origin,
      status: 'read',
      decisions: {},
      outcomes: {},
      snapshotId: null,
      snapshotWarnings: [],
      undoSteps: [],
      undoOutcomes: {},
      updatedAt: '',
    },
  };
  await saveSession(session);
}

async function plan(session: Session, scope: Session['data']['scope'], live: LiveTenant | null) {
  const tenant = live ?? session.data.live;
  if (!tenant) throw new ImportError('The live systems of the tenant are needed to plan the import.', 'BAD_REQUEST');
  session.data.live = tenant;
  const r = session.data.read.restore;
  if (r) {
    // A restore writes every kind it holds, whatever the page; a part is merged into the live system.
    const items = r.part ? await mergeParts(session.data.items, tenant, r.part) : session.data.items;
    const source = `snapshot #${r.snapshotId} of ${r.createdAt.slice(0, 16).replace('T', ' ')} UTC`;
    session.data.scope = 'all';
    session.data.basePlan = planImport({ items, live: tenant, restore: { part: r.part, deleteKinds: r.deleteKinds, keepNames: r.keepNames, source } });
  } else {
    session.data.scope = scope;
    session.data.basePlan = planImport({ items: session.data.items, live: tenant, ...(scope === 'all' ? {} : { targetKind: scope }) });
  }
  // A new plan (other scope, fresh live state) starts from its own proposals.
  session.progress.decisions = {};
  session.progress.status = 'planned';
  await saveSession(session);
  return view(session).plan;
}

async function start(session: Session, context: () => Promise<IngestContext>): Promise<SessionView> {
  if (session.progress.status === 'applying') return view(session);
  const current = effectivePlan(session);
  if (current.blocked) throw new ImportError('The import plan has blocking problems; resolve them before applying.', 'BLOCKED');
  const steps = applySteps(current);
  if (steps.length === 0) throw new ImportError('Nothing to apply: every system is skipped.', 'BLOCKED');
  const records = preImageRecords(steps, session.data.live!);
  if (records.length) {
    const r = session.data.read.restore;
    const what = `${steps.length} system${steps.length === 1 ? '' : 's'}`;
    const note = r ? `Before restoring ${what} from snapshot #${r.snapshotId} with IPS Snapshots` : `Before importing ${what} with IPS Snapshots`;
    // Throws when the snapshot can't be kept: then nothing is written.
    const pre = await takePreImage({ origin: session.progress.origin, records, note }, await context());
    session.progress.snapshotId = pre.snapshotId;
    session.progress.snapshotWarnings = pre.warnings;
  }
  session.data.basePlan = current;
  session.progress.decisions = {};
  session.data.steps = steps;
  session.progress.status = 'applying';
  await saveSession(session);
  return view(session);
}

async function undo(session: Session, rawRecords: unknown, context: () => Promise<IngestContext>): Promise<SessionView> {
  if (session.progress.status === 'undoing') return view(session);
  const date = session.progress.updatedAt.slice(0, 10);
  const r = session.data.read.restore;
  const steps = undoSteps(effectivePlan(session), session.data.steps, session.progress.outcomes, session.data.live!, date, r ? 'restore' : 'import');
  // An undo is a write too: the state it changes is kept first. Throws when it can't be: then nothing is undone.
  const records = undoPreImage(session, rawRecords);
  if (steps.length && records.length) {
    const note = `Before undoing ${r ? `the restore of snapshot #${r.snapshotId}` : 'the import'} with IPS Snapshots`;
    const pre = await takePreImage({ origin: session.progress.origin, records, note }, await context());
    session.progress.undoSnapshotId = pre.snapshotId;
    session.progress.snapshotWarnings = [...session.progress.snapshotWarnings, ...pre.warnings];
  }
  session.progress.undoSteps = steps;
  session.progress.undoOutcomes = {};
  session.progress.status = steps.length ? 'undoing' : 'undone';
  await saveSession(session, 'progress');
  return view(session);
}

/** The records sent for the undo's snapshot: only systems this session created or updated, each once. */
function undoPreImage(session: Session, raw: unknown): SystemFile[] {
  if (!Array.isArray(raw)) throw new ImportError('records: the current state of the systems to undo is needed (a list of system records).', 'BAD_REQUEST');
  const written = new Set(writtenIds(session.progress.outcomes));
  const seen = new Set<string>();
  return raw.map((r, i) => {
    const id = r && typeof r === 'object' && !Array.isArray(r) ? (r as { id?: unknown }).id : undefined;
    if (typeof id !== 'string' || !written.has(id) || seen.has(id)) throw new ImportError(`records/${i}: not a system this ${session.data.read.restore ? 'restore' : 'import'} wrote.`, 'BAD_REQUEST');
    seen.add(id);
    return r as SystemFile;
  });
}

async function planned(origin: string, allowed: Array<Session['progress']['status']>): Promise<Session> {
  const session = await loadSession(origin);
  if (!session) throw new ImportError('No import in progress for this tenant (it may have been discarded): choose the files again.', 'NO_SESSION');
  if (!allowed.includes(session.progress.status)) {
    throw new ImportError(`This step is not possible while the import is ${session.progress.status}; another console tab may have changed it. Close this dialog and open Import again.`, 'WRONG_STATE');
  }
  if (session.progress.status !== 'read' && (!session.data.basePlan || !session.data.live)) {
    throw new ImportError('The import session is incomplete; choose the files again.', 'NO_SESSION');
  }
  return session;
}

function effectivePlan(session: Session): ImportPlan {
  return applyDecisions(session.data.basePlan!, session.progress.decisions);
}

function view(session: Session): SessionView {
  const { data, progress } = session;
  const plan = effectivePlan(session);
  const undoPreview = progress.status === 'applied' ? undoSteps(plan, data.steps, progress.outcomes, data.live!, '', data.read.restore ? 'restore' : 'import') : [];
  return {
    origin: progress.origin,
    status: progress.status === 'read' ? 'planned' : progress.status,
    plan: planView(plan, data.live!, data.scope, data.read),
    steps: data.steps,
    outcomes: progress.outcomes,
    snapshotId: progress.snapshotId,
    undoSnapshotId: progress.undoSnapshotId ?? null,
    snapshotWarnings: progress.snapshotWarnings,
    undoSteps: progress.undoSteps,
    undoOutcomes: progress.undoOutcomes,
    undoCredentials: undoPreview.flatMap((s) => s.credentialNames.map((name) => ({ key: s.key, systemName: s.name, name }))),
    updatedAt: progress.updatedAt,
  };
}

/** Items of a partial restore: each holds the live system with only the restored part from the snapshot. */
async function mergeParts(items: ImportItem[], live: LiveTenant, part: RestorePart): Promise<ImportItem[]> {
  return Promise.all(
    items.map(async (item) => {
      const matched = matchedLive(item, live);
      if (!matched || !matched.contentHash) return item;
      const record = mergePart(matched.record, item.record, part);
      return { ...item, record, contentHash: await contentHash(record) };
    }),
  );
}

/** Live records are scrubbed again here: a credential value the console leaked is never kept. */
async function liveTenant(origin: string, input: LiveInput): Promise<LiveTenant> {
  const systems = await Promise.all(
    input.systems.map(async (s) => {
      // Systems no file can match are planned from their list entry alone (names, kinds, limits).
      const record = s.record ? scrubSecrets(s.record).record : { name: s.name, accessMode: s.accessMode, connectorTypeString: '' };
      return { ...s, record, contentHash: s.record ? await contentHash(record) : '' };
    }),
  );
  return { origin, tenantId: input.tenantId, systems };
}

/** A console page may import into its own tenant only. */
function ownTenant(sender: Sender, origin: string): void {
  if (sender.tabId === undefined || !sender.url) return;
  if (new URL(sender.url).origin !== origin) throw new ImportError('A console page can only import into its own tenant.', 'BAD_REQUEST');
}

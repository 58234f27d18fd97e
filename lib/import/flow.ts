/**
 * The import dialog's logic in the content script: files → texts → background (read, plan, diff) →
 * decisions → confirm → apply loop → results → undo. The background keeps the session; this object
 * keeps only what the dialog shows. Typed secrets are passed into `apply`/`resume`/`undo` and never
 * stored here, sent to the background or logged.
 */
import type { MessageName, RequestOf, ResultOf } from '../messaging/protocol.ts';
import type { SystemFile, SystemKind } from '../model/system.ts';
import { Store } from '../ui/store.ts';
import { applySteps, reread, undoSteps, writtenIds, type Secrets, type Stop, type WriteClient } from './apply.ts';
import { readInputFiles } from './input.ts';
import { loadLive } from './live.ts';
import type { ImportScope, ItemDiffView, PlanItemView, PlanView, ReadView, RestoreRequest, SessionView } from './messages.ts';
import type { Decision } from './types.ts';

/** `failed`: a restore that could not be prepared (nothing was written; the error says why). */
export type Phase = 'loading' | 'pick' | 'reading' | 'plan' | 'applying' | 'paused' | 'applied' | 'undoing' | 'undone' | 'failed';

export interface FlowState {
  phase: Phase;
  /** The last read when it gave nothing to plan (its invalid files are listed). */
  read: ReadView | null;
  plan: PlanView | null;
  session: SessionView | null;
  /** Key of the system being written. */
  current: string | null;
  /** Why an apply or undo stopped; it resumes from where it stopped. */
  stop: Stop | null;
  error: string | null;
  warnings: string[];
  busy: boolean;
  /** The plan was prepared before (a reload, an expired session): shown again as it was. */
  restored: boolean;
  /** While reading: the tenant's systems read so far, for a progress line. */
  reading: { done: number; total: number } | null;
}

export type Send = <K extends MessageName>(name: K, payload: RequestOf<K>) => Promise<ResultOf<K>>;

export interface FlowDeps {
  send: Send;
  client: () => Promise<WriteClient>;
}

const INITIAL: FlowState = { phase: 'loading', read: null, plan: null, session: null, current: null, stop: null, error: null, warnings: [], busy: false, restored: false, reading: null };

export class ImportFlow {
  readonly state = new Store<FlowState>(INITIAL);
  /** Set by `openRestore`: the dialog restores a snapshot instead of importing files. */
  restoring = false;

  constructor(
    readonly origin: string,
    readonly pageKind: SystemKind,
    private readonly deps: FlowDeps,
  ) {}

  private patch(change: Partial<FlowState>): void {
    this.state.set({ ...this.state.get(), ...change });
  }

  private readonly progress = (done: number, total: number): void => this.patch({ reading: { done, total } });

  /** Runs a step; its error is shown instead of thrown. */
  private async guard(task: () => Promise<void>, fallback?: Partial<FlowState>): Promise<void> {
    this.patch({ busy: true, error: null });
    try {
      await task();
    } catch (e) {
      this.patch({ ...fallback, error: e instanceof Error ? e.message : String(e) });
    } finally {
      this.patch({ busy: false });
    }
  }

  /** On opening: a pending import of this tenant is offered again (resume, results, undo). */
  open(): Promise<void> {
    return this.guard(async () => {
      const session = await this.deps.send('import.session', { origin: this.origin });
      this.showSession(session);
    }, { phase: 'pick' });
  }

  private showSession(session: SessionView | null): void {
    if (!session) return this.patch({ phase: 'pick', session: null, plan: null });
    const s = session.status;
    if (s === 'planned') {
      // A plan made for another page's kind is not offered here; choosing files starts a new one.
      const fits = session.plan.scope === 'all' || session.plan.scope === this.pageKind;
      return this.patch(fits ? { phase: 'plan', plan: session.plan, session: null, restored: true } : { phase: 'pick', session: null, plan: null });
    }
    const stop = s === 'applying' || s === 'undoing' ? { code: 'INTERRUPTED', message: interrupted(session) } : null;
    const phase: Phase = stop ? 'paused' : s === 'applied' ? 'applied' : 'undone';
    this.patch({ phase, session, plan: session.plan, stop });
  }

  /**
   * A restore sent by the popup: the snapshot's records are planned like files. An unfinished import or
   * restore of this tenant is shown instead: it must be resumed or discarded first.
   */
  openRestore(request: RestoreRequest): Promise<void> {
    this.restoring = true;
    return this.guard(async () => {
      const pending = await this.deps.send('import.session', { origin: this.origin });
      if (pending && (pending.status === 'applying' || pending.status === 'undoing')) {
        this.showSession(pending);
        return this.patch({ error: 'An import or restore into this tenant is not finished: resume or discard it, then start the restore again from the popup.' });
      }
      this.patch({ phase: 'reading', read: null, plan: null, session: null, warnings: [], reading: null });
      const read = await this.deps.send('import.restore', { origin: this.origin, ...request });
      const { live, warnings } = await loadLive(await this.deps.client(), read, this.progress);
      const plan = await this.deps.send('import.plan', { origin: this.origin, scope: 'all', live });
      this.patch({ phase: 'plan', plan, read: null, warnings, restored: false, reading: null });
    }, { phase: 'failed' });
  }

  readFiles(files: File[]): Promise<void> {
    return this.guard(async () => {
      this.patch({ phase: 'reading', read: null, plan: null, session: null, warnings: [], reading: null });
      const inputs = await readInputFiles(files);
      const read = await this.deps.send('import.read', { origin: this.origin, inputs });
      if (read.items.length === 0) return this.patch({ phase: 'pick', read });
      const { live, warnings } = await loadLive(await this.deps.client(), read, this.progress);
      const plan = await this.deps.send('import.plan', { origin: this.origin, scope: this.pageKind, live });
      this.patch({ phase: 'plan', plan, read: null, warnings, restored: false, reading: null });
    }, { phase: 'pick' });
  }

  setScope(scope: ImportScope): Promise<void> {
    return this.guard(async () => {
      this.patch({ plan: await this.deps.send('import.plan', { origin: this.origin, scope }) });
    });
  }

  /** Changes one row's decision; the other fields of its decision stay as they are. */
  decide(key: string, change: Partial<Decision>): Promise<void> {
    return this.guard(async () => {
      const item = this.state.get().plan?.items.find((i) => i.key === key);
      if (!item) return;
      const decisions = { [key]: { ...decisionOf(item), ...change } };
      this.patch({ plan: await this.deps.send('import.decide', { origin: this.origin, decisions }) });
    });
  }

  /**
   * "Import the missing sources first": the sources of this import that a target links, chosen for
   * create (or update). Sources are always applied before targets. Widens the scope to every kind when
   * the page's kind left them out.
   */
  importSourcesFirst(names: string[]): Promise<void> {
    return this.guard(async () => {
      let plan = this.state.get().plan!;
      if (plan.scope !== 'all') plan = await this.deps.send('import.plan', { origin: this.origin, scope: 'all' });
      const chosen = plan.items.flatMap((item) => {
        const action = item.available.find((a) => a === 'create' || a === 'update');
        return item.kind === 'source' && names.includes(item.name) && item.action === 'skip' && action ? [[item.key, { ...decisionOf(item), action }] as const] : [];
      });
      const decisions: Record<string, Decision> = Object.fromEntries(chosen);
      this.patch({ plan: await this.deps.send('import.decide', { origin: this.origin, decisions }) });
    });
  }

  diff(key: string, showVolatile: boolean): Promise<ItemDiffView> {
    return this.deps.send('import.diff', { origin: this.origin, key, showVolatile });
  }

  /** After the confirm step: pre-image snapshot (background), then the writes. */
  apply(secrets: Secrets): Promise<void> {
    return this.guard(async () => {
      const session = await this.deps.send('import.start', { origin: this.origin });
      await this.runApply(session, secrets);
    });
  }

  /** Continues an interrupted apply or undo; completed steps are not repeated. */
  resume(secrets: Secrets): Promise<void> {
    return this.guard(async () => {
      const session = this.state.get().session;
      if (session?.status === 'undoing') return this.runUndo(await this.deps.send('import.undo', { origin: this.origin, records: [], resume: true }), secrets);
      await this.runApply(await this.deps.send('import.start', { origin: this.origin, resume: true }), secrets);
    });
  }

  /** Reads the current state of what the apply wrote (kept as a snapshot before the undo writes), then undoes. */
  undo(secrets: Secrets): Promise<void> {
    return this.guard(async () => {
      const session = this.state.get().session;
      const client = await this.deps.client();
      const records: SystemFile[] = [];
      for (const id of writtenIds(session?.outcomes ?? {})) {
        const current = await reread(client, id);
        if (current) records.push(current);
      }
      await this.runUndo(await this.deps.send('import.undo', { origin: this.origin, records }), secrets);
    });
  }

  discard(): Promise<void> {
    return this.guard(async () => {
      await this.deps.send('import.discard', { origin: this.origin });
      this.patch({ ...INITIAL, phase: 'pick' });
    });
  }

  private async runApply(start: SessionView, secrets: Secrets): Promise<void> {
    const session = { ...start, outcomes: { ...start.outcomes } };
    this.patch({ phase: 'applying', session, stop: null, current: null });
    const stop = await applySteps(session.steps, session.outcomes, secrets, {
      client: await this.deps.client(),
      onStep: (current) => this.patch({ current }),
      report: async (key, outcome) => {
        const { status } = await this.deps.send('import.progress', { origin: this.origin, key, outcome });
        session.outcomes = { ...session.outcomes, [key]: outcome };
        session.status = status;
        this.patch({ session: { ...session } });
      },
    });
    await this.finish(stop, 'applied');
  }

  /** At the end of a loop the background's view of the session is taken again (e.g. what Undo needs). */
  private async finish(stop: Stop | null, phase: 'applied' | 'undone'): Promise<void> {
    if (stop) return this.patch({ phase: 'paused', stop, current: null });
    const session = await this.deps.send('import.session', { origin: this.origin }).catch(() => null);
    this.patch({ phase, stop: null, current: null, ...(session ? { session } : {}) });
  }

  private async runUndo(start: SessionView, secrets: Secrets): Promise<void> {
    const session = { ...start, undoOutcomes: { ...start.undoOutcomes } };
    this.patch({ phase: 'undoing', session, stop: null, current: null });
    const stop = await undoSteps(session.undoSteps, session.undoOutcomes, secrets, {
      client: await this.deps.client(),
      onStep: (current) => this.patch({ current }),
      report: async (key, outcome) => {
        const { status } = await this.deps.send('import.undoProgress', { origin: this.origin, key, outcome });
        session.undoOutcomes = { ...session.undoOutcomes, [key]: outcome };
        session.status = status;
        this.patch({ session: { ...session } });
      },
    });
    await this.finish(stop, 'undone');
  }
}

/** The full decision of a row as it stands, so that changing one field never resets another. */
export function decisionOf(item: PlanItemView): Decision {
  return { action: item.action, copyName: item.copyName, changeDescription: item.changeDescription, acceptIntegrityMismatch: item.acceptIntegrityMismatch };
}

function interrupted(session: SessionView): string {
  const undoing = session.status === 'undoing';
  const total = undoing ? session.undoSteps.length : session.steps.length;
  const done = Object.keys(undoing ? session.undoOutcomes : session.outcomes).length;
  const what = session.plan.restore ? 'restore' : 'import';
  const which = undoing ? `The undo of the ${what}` : session.plan.restore ? 'A restore' : 'An import';
  return `${which} into this tenant was interrupted after ${done} of ${total} writes. Resume it: completed writes are not repeated.`;
}

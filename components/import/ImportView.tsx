import { useEffect, useState } from 'preact/hooks';
import type { Secrets } from '@/lib/import/apply';
import type { ImportFlow, FlowState } from '@/lib/import/flow';
import type { ImportScope, PlanView, SessionView } from '@/lib/import/messages';
import { DropZone } from './DropZone.tsx';
import { InvalidFiles } from './InvalidFiles.tsx';
import { PlanTable } from './PlanTable.tsx';
import { ApplyResults, UndoResults, countOutcomes } from './Results.tsx';
import { SecretInputs, missingSecrets, type SecretField } from './SecretInputs.tsx';

const KIND_PLURAL = { source: 'Source systems', target: 'Target systems', proxy: 'Proxy systems' } as const;

function useFlow(flow: ImportFlow): FlowState {
  const [state, setState] = useState(flow.state.get());
  useEffect(() => flow.state.subscribe(setState), [flow]);
  return state;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The body of the import dialog, phase by phase (the dialog frame is ImportDialog). */
export function ImportView({ flow, onClose }: { flow: ImportFlow; onClose: () => void }) {
  const state = useFlow(flow);
  const [secrets, setSecrets] = useState<Secrets>({});
  const running = state.phase === 'applying' || state.phase === 'undoing';
  // Typed secrets are dropped as soon as the writes that needed them are done.
  useEffect(() => {
    if (state.phase === 'applied' || state.phase === 'undone' || state.phase === 'pick') setSecrets({});
  }, [state.phase]);
  const setSecret = (key: string, name: string, value: string) => setSecrets((s) => ({ ...s, [key]: { ...s[key], [name]: value } }));
  return (
    <section
      class="ipx-dialog ipx-import"
      role="dialog"
      aria-modal="true"
      aria-label="Import with diff"
      data-testid="ipx-import-dialog"
      data-phase={state.phase}
      onKeyDown={(e) => e.key === 'Escape' && !running && onClose()}
    >
      <header class="ipx-panel-head">
        <span>
          Import with diff · {KIND_PLURAL[flow.pageKind]} <span class="ipx-muted ipx-small">{flow.origin}</span>
        </span>
        <button type="button" class="ipx-btn" aria-label="Close" data-testid="ipx-import-close" disabled={running} onClick={onClose}>✕</button>
      </header>
      <div class="ipx-dialog-body" aria-live="polite">
        {state.error && <p class="ipx-msg ipx-error" data-testid="ipx-import-error" role="alert">{state.error}</p>}
        {state.warnings.map((w, i) => <p key={i} class="ipx-msg ipx-warning">{w}</p>)}
        <Phase flow={flow} state={state} secrets={secrets} setSecret={setSecret} onClose={onClose} />
      </div>
    </section>
  );
}

interface PhaseProps {
  flow: ImportFlow;
  state: FlowState;
  secrets: Secrets;
  setSecret: (key: string, name: string, value: string) => void;
  onClose: () => void;
}

function Phase(props: PhaseProps) {
  const { flow, state } = props;
  switch (state.phase) {
    case 'loading':
      return <p class="ipx-muted">Looking for an unfinished import…</p>;
    case 'pick':
    case 'reading':
      return (
        <>
          <DropZone busy={state.busy} onFiles={(files) => void flow.readFiles(files)} />
          {state.phase === 'reading' && <p class="ipx-muted" data-testid="ipx-import-reading">Reading the files and the tenant’s systems…</p>}
          {state.read && (
            <>
              <p class="ipx-msg ipx-error" data-testid="ipx-import-nothing">None of the files holds a system that can be imported.</p>
              <InvalidFiles invalid={state.read.invalid} />
            </>
          )}
        </>
      );
    case 'plan':
      return <PlanPhase {...props} plan={state.plan!} />;
    default:
      return <SessionPhase {...props} session={state.session!} />;
  }
}

function secretFields(plan: PlanView): SecretField[] {
  const fields: SecretField[] = [];
  for (const item of plan.items) {
    if (item.action === 'skip') continue;
    const needed = new Set(item.credentialsNeeded);
    for (const name of needed) fields.push({ key: item.key, systemName: item.finalName, name, required: true });
    // An update keeps the stored secrets unless the admin replaces them.
    if (item.action === 'update') {
      for (const name of item.credentialNames) if (!needed.has(name)) fields.push({ key: item.key, systemName: item.finalName, name, required: false });
    }
  }
  return fields;
}

function applySentence(plan: PlanView, origin: string): string {
  const creates = plan.counts.create + plan.counts.copy;
  const parts = [creates && plural(creates, 'create'), plan.counts.update && plural(plan.counts.update, 'update')].filter(Boolean);
  return `Apply ${parts.join(' and ')} to ${origin}?`;
}

function PlanPhase({ flow, state, secrets, setSecret, plan }: PhaseProps & { plan: PlanView }) {
  const [confirming, setConfirming] = useState(false);
  const fields = secretFields(plan);
  const missing = missingSecrets(fields, secrets);
  const writes = plan.counts.create + plan.counts.copy + plan.counts.update;
  const errors = plan.items.filter((i) => i.action !== 'skip' && i.problems.some((p) => p.level === 'error')).length;
  const describe = plan.items.filter((i) => i.action !== 'skip' && i.changeDescriptionNeeded);
  const why = errors ? `${plural(errors, 'system')} with blocking problems: change the action or skip ${errors === 1 ? 'it' : 'them'}.` : writes === 0 ? 'Nothing to apply: every system is skipped.' : missing ? `Type ${plural(missing, 'required credential')}.` : null;
  useEffect(() => setConfirming(false), [plan]);
  return (
    <>
      <div class="ipx-dialog-tools ipx-flush">
        <label>
          Import{' '}
          <select class="ipx-select" data-testid="ipx-import-scope" value={plan.scope} disabled={state.busy} onChange={(e) => void flow.setScope((e.target as HTMLSelectElement).value as ImportScope)}>
            <option value={flow.pageKind}>only {KIND_PLURAL[flow.pageKind].toLowerCase()} (this page)</option>
            <option value="all">every kind in the files</option>
          </select>
        </label>
        <span class="ipx-grow" data-testid="ipx-import-totals">
          {plural(plan.items.length, 'system')}: {plural(plan.counts.create, 'create')}, {plural(plan.counts.update, 'update')}, {plural(plan.counts.copy, 'copy', 'copies')}, {plan.counts.skip} skipped · {plural(plan.totals.total, 'change')} ({plan.totals.metadata} metadata, {plural(plan.totals.properties, 'property', 'properties')}, {plural(plan.totals.credentials, 'credential')}, {plural(plan.totals.mappings, 'mapping')}, {plan.totals.other} other)
        </span>
        <button type="button" class="ipx-btn" data-testid="ipx-import-restart" disabled={state.busy} onClick={() => void flow.discard()}>Choose other files</button>
      </div>
      <p class="ipx-msg ipx-info" data-testid="ipx-import-dryrun">Preview only: nothing has been written. Check each system’s diff, then apply.</p>
      {plan.read.notes.map((n, i) => <p key={i} class="ipx-msg ipx-info">{n}</p>)}
      <InvalidFiles invalid={plan.read.invalid} />
      <PlanTable
        plan={plan}
        busy={state.busy}
        onDecide={(key, change) => void flow.decide(key, change)}
        onImportSources={(names) => void flow.importSourcesFirst(names)}
        loadDiff={(key, volatile) => flow.diff(key, volatile)}
      />
      {describe.length > 0 && (
        <section class="ipx-secrets" data-testid="ipx-change-descriptions">
          <h4>Change descriptions</h4>
          <p class="ipx-muted">The console keeps a transformation history and requires a description of each change.</p>
          {describe.map((item) => (
            <div class="ipx-field" key={item.key}>
              <label for={`ipx-cd-${item.key}`}>{item.finalName}</label>
              <textarea
                id={`ipx-cd-${item.key}`}
                class="ipx-input ipx-textarea"
                data-testid="ipx-change-description"
                data-key={item.key}
                value={item.changeDescription}
                disabled={state.busy}
                onChange={(e) => void flow.decide(item.key, { changeDescription: (e.target as HTMLTextAreaElement).value })}
              />
            </div>
          ))}
        </section>
      )}
      <SecretInputs fields={fields} secrets={secrets} onChange={setSecret} />
      <footer class="ipx-dialog-foot ipx-sticky">
        {confirming ? (
          <>
            <span class="ipx-grow ipx-strong" data-testid="ipx-import-confirm-text">
              {applySentence(plan, flow.origin)}{' '}
              <span class="ipx-muted">{plan.counts.update ? 'A snapshot of the systems that change is kept first; Undo restores them.' : 'Undo deletes what the import creates.'}</span>
            </span>
            <button type="button" class="ipx-btn" data-testid="ipx-import-back" onClick={() => setConfirming(false)}>Back</button>
            <button type="button" class="ipx-btn ipx-emph" data-testid="ipx-import-confirm" disabled={state.busy} onClick={() => void flow.apply(secrets)} autoFocus>
              Apply now
            </button>
          </>
        ) : (
          <>
            <span class="ipx-grow ipx-muted" data-testid="ipx-import-blocked">{why ?? ''}</span>
            <button type="button" class="ipx-btn ipx-emph" data-testid="ipx-import-apply" disabled={state.busy || why !== null} onClick={() => setConfirming(true)}>
              Apply…
            </button>
          </>
        )}
      </footer>
    </>
  );
}

function SessionPhase({ flow, state, secrets, setSecret, onClose, session }: PhaseProps & { session: SessionView }) {
  const [confirmUndo, setConfirmUndo] = useState(false);
  const undoing = session.status === 'undoing' || session.status === 'undone';
  const total = undoing ? session.undoSteps.length : session.steps.length;
  const done = Object.keys(undoing ? session.undoOutcomes : session.outcomes).length;
  const pendingFields: SecretField[] = undoing
    ? session.undoSteps.filter((s) => !session.undoOutcomes[s.key]).flatMap((s) => s.credentialNames.map((name) => ({ key: s.key, systemName: s.name, name, required: true })))
    : session.steps.filter((s) => !session.outcomes[s.key]).flatMap((s) => s.credentialNames.map((name) => ({ key: s.key, systemName: s.name, name, required: true })));
  const undoFields: SecretField[] = session.status === 'applied' ? session.undoCredentials.map((c) => ({ ...c, required: true })) : [];
  return (
    <>
      {(state.phase === 'applying' || state.phase === 'undoing') && (
        <div role="status">
          <p data-testid="ipx-import-progress">{state.phase === 'undoing' ? 'Undoing' : 'Applying'}: {done} of {total}</p>
          <progress max={Math.max(total, 1)} value={done} />
        </div>
      )}
      {state.phase === 'paused' && state.stop && (
        <div class="ipx-msg ipx-warning" data-testid="ipx-import-paused" data-code={state.stop.code}>
          <p>{state.stop.code === 'SESSION_EXPIRED' ? 'Your console session expired. Sign in to the console again (reload the page), then Resume: completed writes are not repeated.' : state.stop.message}</p>
          <p class="ipx-muted">{done} of {total} {undoing ? 'undo steps' : 'writes'} done. The plan and decisions are kept by the extension; typed credentials are not, so type them again.</p>
        </div>
      )}
      {session.snapshotId !== null && (
        <p class="ipx-muted" data-testid="ipx-import-snapshot">Pre-image snapshot #{session.snapshotId} keeps the state of the updated systems before the import.</p>
      )}
      {session.snapshotWarnings.map((w, i) => <p key={i} class="ipx-msg ipx-warning">{w}</p>)}
      {(state.phase === 'applied' || state.phase === 'undone') && <Summary session={session} />}
      {!undoing || session.status === 'undone' ? <ApplyResults steps={session.steps} outcomes={session.outcomes} current={state.phase === 'applying' ? state.current : null} /> : null}
      {undoing && <UndoResults steps={session.undoSteps} outcomes={session.undoOutcomes} current={state.phase === 'undoing' ? state.current : null} />}
      {state.phase === 'paused' && <SecretInputs fields={pendingFields} secrets={secrets} onChange={setSecret} title="Credentials for the remaining writes" />}
      {state.phase === 'applied' && <SecretInputs fields={undoFields} secrets={secrets} onChange={setSecret} title="Credentials for Undo (the import changed the URL)" />}
      <footer class="ipx-dialog-foot ipx-sticky">
        {state.phase === 'paused' && (
          <>
            <span class="ipx-grow" />
            <button type="button" class="ipx-btn" data-testid="ipx-import-discard" disabled={state.busy} onClick={() => void flow.discard()}>Discard the rest</button>
            <button type="button" class="ipx-btn ipx-emph" data-testid="ipx-import-resume" disabled={state.busy || missingSecrets(pendingFields, secrets) > 0} onClick={() => void flow.resume(secrets)}>
              Resume
            </button>
          </>
        )}
        {state.phase === 'applied' && !confirmUndo && (
          <>
            <span class="ipx-grow" />
            <button type="button" class="ipx-btn" data-testid="ipx-import-new" onClick={() => void flow.discard()}>New import</button>
            <button type="button" class="ipx-btn" data-testid="ipx-import-undo" disabled={state.busy || !hasUndo(session)} onClick={() => setConfirmUndo(true)}>Undo…</button>
            <button type="button" class="ipx-btn ipx-emph" data-testid="ipx-import-done" onClick={onClose}>Close</button>
          </>
        )}
        {state.phase === 'applied' && confirmUndo && (
          <>
            <span class="ipx-grow ipx-strong" data-testid="ipx-import-undo-text">{undoSentence(session, flow.origin)}</span>
            <button type="button" class="ipx-btn" onClick={() => setConfirmUndo(false)}>Back</button>
            <button type="button" class="ipx-btn ipx-emph" data-testid="ipx-import-undo-confirm" disabled={state.busy || missingSecrets(undoFields, secrets) > 0} onClick={() => void flow.undo(secrets)} autoFocus>
              Undo now
            </button>
          </>
        )}
        {state.phase === 'undone' && (
          <>
            <span class="ipx-grow" />
            <button type="button" class="ipx-btn" data-testid="ipx-import-new" onClick={() => void flow.discard()}>New import</button>
            <button type="button" class="ipx-btn ipx-emph" data-testid="ipx-import-done" onClick={onClose}>Close</button>
          </>
        )}
      </footer>
    </>
  );
}

function Summary({ session }: { session: SessionView }) {
  if (session.status === 'undone') {
    const c = countOutcomes(session.undoOutcomes);
    const text = `Undo finished: ${c.restored ?? 0} restored, ${c.deleted ?? 0} deleted, ${c.skipped ?? 0} skipped, ${c.failed ?? 0} failed.`;
    return <p class={`ipx-msg ${c.failed || c.skipped ? 'ipx-warning' : 'ipx-success'}`} data-testid="ipx-import-summary">{text}</p>;
  }
  const c = countOutcomes(session.outcomes);
  const text = `Import finished: ${c.created ?? 0} created, ${c.updated ?? 0} updated, ${c.skipped ?? 0} skipped, ${c.failed ?? 0} failed.`;
  return <p class={`ipx-msg ${c.failed || c.skipped ? 'ipx-warning' : 'ipx-success'}`} data-testid="ipx-import-summary">{text}</p>;
}

function hasUndo(session: SessionView): boolean {
  return Object.values(session.outcomes).some((o) => o.status === 'created' || o.status === 'updated');
}

function undoSentence(session: SessionView, origin: string): string {
  const c = countOutcomes(session.outcomes);
  const parts = [c.updated && `restore ${plural(c.updated, 'updated system')}`, c.created && `delete ${plural(c.created, 'created system')}`].filter(Boolean);
  return `Undo the import on ${origin}: ${parts.join(' and ')}? Systems changed since the import are left as they are.`;
}

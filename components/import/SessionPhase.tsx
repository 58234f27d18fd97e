import { useEffect, useRef, useState } from 'preact/hooks';
import type { SessionView } from '@/lib/import/messages';
import { plural, type PhaseProps } from './common.ts';
import { ApplyResults, UndoResults, countOutcomes } from './Results.tsx';
import { SecretInputs, missingSecrets, type SecretField } from './SecretInputs.tsx';

/** Applying, paused (resume), applied (Undo), undoing, undone: progress and per-system results. */
export function SessionPhase({ flow, state, secrets, setSecret, onClose, session }: PhaseProps & { session: SessionView }) {
  const [confirmUndo, setConfirmUndo] = useState(false);
  const undoNow = useRef<HTMLButtonElement>(null);
  useEffect(() => (confirmUndo ? undoNow.current?.focus() : undefined), [confirmUndo]);
  const undoing = session.status === 'undoing' || session.status === 'undone';
  const what = session.plan.restore ? 'restore' : 'import';
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
          <p class="ipx-muted">{done} of {total} {undoing ? 'undo steps' : 'writes'} done. The plan and decisions are kept by the extension; typed credentials are not: after a reload, type them again.</p>
        </div>
      )}
      {session.snapshotId !== null && (
        <p class="ipx-muted" data-testid="ipx-import-snapshot">Pre-image snapshot #{session.snapshotId} keeps the state of the changed systems before the {what}.</p>
      )}
      {session.undoSnapshotId !== null && (
        <p class="ipx-muted" data-testid="ipx-undo-snapshot">Snapshot #{session.undoSnapshotId} keeps the state the undo changed, as it was just before it.</p>
      )}
      {session.snapshotWarnings.map((w, i) => <p key={i} class="ipx-msg ipx-warning">{w}</p>)}
      {(state.phase === 'applied' || state.phase === 'undone') && <Summary session={session} />}
      {undoing && <h4 class="ipx-heading">Undo</h4>}
      {undoing && <UndoResults steps={session.undoSteps} outcomes={session.undoOutcomes} current={state.phase === 'undoing' ? state.current : null} />}
      {undoing && <h4 class="ipx-heading">The {what} that was undone</h4>}
      <ApplyResults steps={session.steps} outcomes={session.outcomes} current={state.phase === 'applying' ? state.current : null} />
      {state.phase === 'paused' && <SecretInputs fields={pendingFields} secrets={secrets} onChange={setSecret} title="Credentials for the remaining writes" />}
      {state.phase === 'applied' && <SecretInputs fields={undoFields} secrets={secrets} onChange={setSecret} title="Credentials for Undo (a changed URL, or a deleted system created again)" />}
      <footer class="ipx-dialog-foot ipx-sticky">
        {state.phase === 'paused' && (
          <>
            <span class="ipx-grow" />
            <button type="button" class="ipx-btn" data-testid="ipx-import-discard" title={`Forget this ${what}: the remaining writes are not made and its Undo is no longer offered`} disabled={state.busy} onClick={() => void flow.discard()}>Discard the rest</button>
            <button type="button" class="ipx-btn ipx-emph" data-testid="ipx-import-resume" disabled={state.busy || missingSecrets(pendingFields, secrets) > 0} onClick={() => void flow.resume(secrets)}>
              Resume
            </button>
          </>
        )}
        {state.phase === 'applied' && !confirmUndo && (
          <>
            <span class="ipx-grow" />
            <button type="button" class="ipx-btn" data-testid="ipx-import-new" title={`Start an import from files; the Undo of this ${what} is no longer offered`} onClick={() => void flow.discard()}>New import</button>
            <button type="button" class="ipx-btn" data-testid="ipx-import-undo" disabled={state.busy || !hasUndo(session)} onClick={() => setConfirmUndo(true)}>Undo…</button>
            <button type="button" class="ipx-btn ipx-emph" data-testid="ipx-import-done" onClick={onClose}>Close</button>
          </>
        )}
        {state.phase === 'applied' && confirmUndo && (
          <>
            <span class="ipx-grow ipx-strong" data-testid="ipx-import-undo-text">{undoSentence(session, flow.origin)}</span>
            <button type="button" class="ipx-btn" onClick={() => setConfirmUndo(false)}>Back</button>
            <button type="button" class="ipx-btn ipx-emph" data-testid="ipx-import-undo-confirm" ref={undoNow} disabled={state.busy || missingSecrets(undoFields, secrets) > 0} onClick={() => void flow.undo(secrets)}>
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
    const again = c.recreated ? `, ${c.recreated} created again` : '';
    const text = `Undo finished: ${c.restored ?? 0} restored, ${c.deleted ?? 0} deleted${again}, ${c.skipped ?? 0} skipped, ${c.failed ?? 0} failed.`;
    return <p class={`ipx-msg ${c.failed || c.skipped ? 'ipx-warning' : 'ipx-success'}`} data-testid="ipx-import-summary">{text}</p>;
  }
  const c = countOutcomes(session.outcomes);
  const deleted = c.deleted ? `, ${c.deleted} deleted` : '';
  const text = `${session.plan.restore ? 'Restore' : 'Import'} finished: ${c.created ?? 0} created, ${c.updated ?? 0} updated${deleted}, ${c.skipped ?? 0} skipped, ${c.failed ?? 0} failed.`;
  return <p class={`ipx-msg ${c.failed || c.skipped ? 'ipx-warning' : 'ipx-success'}`} data-testid="ipx-import-summary">{text}</p>;
}

function hasUndo(session: SessionView): boolean {
  return Object.values(session.outcomes).some((o) => o.status === 'created' || o.status === 'updated' || o.status === 'deleted');
}

function undoSentence(session: SessionView, origin: string): string {
  const c = countOutcomes(session.outcomes);
  const parts = [
    c.updated && `restore ${plural(c.updated, 'updated system')}`,
    c.created && `delete ${plural(c.created, 'created system')}`,
    c.deleted && `create ${plural(c.deleted, 'deleted system')} again`,
  ].filter(Boolean);
  const what = session.plan.restore ? 'restore' : 'import';
  return `Undo the ${what} on ${origin}: ${parts.join(' and ')}? Their current state is kept as a snapshot first; systems changed since the ${what} are left as they are.`;
}

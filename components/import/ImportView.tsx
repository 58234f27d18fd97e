import { useEffect, useRef, useState } from 'preact/hooks';
import { modalKeys, useModalFocus } from '../modal-keys.ts';
import type { Secrets } from '@/lib/import/apply';
import { useStore } from '@/lib/ui/use-store';
import type { ImportFlow, FlowState } from '@/lib/import/flow';
import { KIND_PLURAL, type PhaseProps } from './common.ts';
import { DropZone } from './DropZone.tsx';
import { InvalidFiles } from './InvalidFiles.tsx';
import { PlanPhase } from './PlanPhase.tsx';
import { SessionPhase } from './SessionPhase.tsx';

/** The body of the import dialog, phase by phase (the dialog frame is ImportDialog). */
export function ImportView({ flow, onClose }: { flow: ImportFlow; onClose: () => void }) {
  const state = useStore(flow.state);
  const dialog = useRef<HTMLElement>(null);
  useModalFocus(dialog);
  const [secrets, setSecrets] = useState<Secrets>({});
  // Also while an apply or undo is being prepared (pre-image snapshot, reading the systems): closing then
  // would let its writes run with nothing on screen.
  const running = state.phase === 'applying' || state.phase === 'undoing' || (state.busy && (state.phase === 'plan' || state.phase === 'applied' || state.phase === 'paused'));
  // Typed secrets are dropped as soon as the writes that needed them are done.
  useEffect(() => {
    if (state.phase === 'applied' || state.phase === 'undone' || state.phase === 'pick') setSecrets({});
  }, [state.phase]);
  const setSecret = (key: string, name: string, value: string) => setSecrets((s) => ({ ...s, [key]: { ...s[key], [name]: value } }));
  const restore = state.plan?.restore ?? state.session?.plan.restore ?? null;
  const title = restore || flow.restoring ? `Restore${restore ? ` snapshot #${restore.snapshotId}` : ''}` : `Import with diff · ${KIND_PLURAL[flow.pageKind]}`;
  return (
    <section
      ref={dialog}
      tabIndex={-1}
      class="ipx-dialog ipx-import"
      role="dialog"
      aria-modal="true"
      aria-label={restore || flow.restoring ? 'Restore a snapshot' : 'Import with diff'}
      data-testid="ipx-import-dialog"
      data-phase={state.phase}
      data-mode={restore || flow.restoring ? 'restore' : 'import'}
      // Escape closes (not while writing: the writes would go on unseen); Tab stays in the dialog.
      onKeyDown={modalKeys(dialog, onClose, undefined, () => !running)}
    >
      <header class="ipx-panel-head">
        <span>
          {title} <span class="ipx-muted ipx-small">{flow.origin}</span>
        </span>
        <button type="button" class="ipx-btn" aria-label="Close" data-testid="ipx-import-close" disabled={running} onClick={onClose}>✕</button>
      </header>
      <div class="ipx-dialog-body" aria-live="polite">
        {state.error && <p class="ipx-msg ipx-error" data-testid="ipx-import-error" role="alert">{state.error}</p>}
        {restore && restore.snapshotOrigin !== flow.origin && (
          <p class="ipx-msg ipx-warning" data-testid="ipx-restore-cross-banner">
            This restores a snapshot of <strong>{restore.snapshotOrigin}</strong> into another tenant, <strong>{flow.origin}</strong> (this console). Systems are matched by name; nothing in this tenant is deleted.
          </p>
        )}
        {state.warnings.map((w, i) => <p key={i} class="ipx-msg ipx-warning">{w}</p>)}
        <Phase flow={flow} state={state} secrets={secrets} setSecret={setSecret} onClose={onClose} />
      </div>
    </section>
  );
}

function Phase(props: PhaseProps) {
  const { flow, state } = props;
  switch (state.phase) {
    case 'loading':
      return <p class="ipx-muted">Looking for an unfinished import…</p>;
    case 'failed':
      return (
        <>
          <p class="ipx-muted" data-testid="ipx-restore-failed">The restore could not be prepared; nothing was written. Fix what the message says, then choose Restore in the popup again.</p>
          <footer class="ipx-dialog-foot">
            <span class="ipx-grow" />
            <button type="button" class="ipx-btn ipx-emph" data-testid="ipx-restore-close" onClick={props.onClose}>Close</button>
          </footer>
        </>
      );
    case 'pick':
    case 'reading':
      if (flow.restoring) return <p class="ipx-muted" data-testid="ipx-import-reading">Reading the snapshot and the tenant’s systems…{readingCount(state)}</p>;
      return (
        <>
          <DropZone busy={state.busy} onFiles={(files) => void flow.readFiles(files)} />
          {state.phase === 'reading' && <p class="ipx-muted" data-testid="ipx-import-reading">Reading the files and the tenant’s systems…{readingCount(state)}</p>}
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

/** Reading many systems goes through the console's request budget: say how far it is. */
function readingCount(state: FlowState): string {
  const r = state.reading;
  return r && r.total > 1 ? ` ${r.done} of ${r.total}` : '';
}

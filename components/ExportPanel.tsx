import type { ExportState } from '@/lib/export/job';

export interface ExportPanelProps {
  state: ExportState;
  onCancel: () => void;
  onClose: () => void;
}

const KIND_WORDS: Record<string, string> = { source: 'source', target: 'target', proxy: 'proxy' };

/** Progress and outcome of a bulk export, floating over the console's bottom-right corner. */
export function ExportPanel({ state, onCancel, onClose }: ExportPanelProps) {
  if (state.status === 'idle') return null;
  return (
    <section class="ipx-panel" role="dialog" aria-label="IPS Snapshots export" data-testid="ipx-export-panel" data-status={state.status}>
      <header class="ipx-panel-head">
        <span>IPS Snapshots</span>
        {state.status !== 'running' && (
          <button type="button" class="ipx-btn" aria-label="Close" data-testid="ipx-close" onClick={onClose}>
            ✕
          </button>
        )}
      </header>
      <div class="ipx-panel-body" role="status" aria-live="polite">
        <Body state={state} onCancel={onCancel} />
      </div>
    </section>
  );
}

function Body({ state, onCancel }: { state: Exclude<ExportState, { status: 'idle' }>; onCancel: () => void }) {
  if (state.status === 'running') {
    const { phase, done, total } = state.progress;
    const what = state.kinds.length === 3 ? 'all systems' : `${state.kinds.map((k) => KIND_WORDS[k]).join(', ')} systems`;
    return (
      <>
        <p data-testid="ipx-progress">{phase === 'listing' ? `Listing ${what}…` : `${state.download ? 'Exporting' : 'Reading (for a snapshot)'} ${what}: ${done} of ${total}`}</p>
        <progress max={Math.max(total, 1)} value={phase === 'listing' ? undefined : done} />
        <div class="ipx-row">
          <button type="button" class="ipx-btn" data-testid="ipx-cancel" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </>
    );
  }
  if (state.status === 'stopped') {
    return (
      <p class={`ipx-msg ${state.reason === 'cancelled' || state.reason === 'empty' ? 'ipx-info' : 'ipx-error'}`} data-testid="ipx-stopped" data-reason={state.reason}>
        {state.message}
      </p>
    );
  }
  return (
    <>
      <p class={`ipx-msg ${state.failed.length ? 'ipx-warning' : 'ipx-success'}`} data-testid="ipx-summary">
        {state.fileName ? (
          <>
            Exported {plural(state.exported)} to <strong>{state.fileName}</strong>
            {state.failed.length ? `; ${state.failed.length} failed (listed in the bundle's manifest).` : '.'}
          </>
        ) : (
          <>
            Snapshot of {plural(state.exported)} taken (nothing downloaded)
            {state.failed.length ? `; ${state.failed.length} failed (recorded as failed in the snapshot).` : '.'}
          </>
        )}
      </p>
      {state.snapshotId !== null && (
        <p class="ipx-muted" data-testid="ipx-snapshot-saved" {...(state.reused ? { 'data-reused': 'true' } : {})}>
          {state.reused ? `The tenant is unchanged since snapshot #${state.snapshotId}; no new snapshot was kept.` : `Snapshot #${state.snapshotId} saved in the extension.`}
        </p>
      )}
      {state.storeError && (
        <p class="ipx-msg ipx-error" data-testid="ipx-store-error">
          {state.storeError}
        </p>
      )}
      {state.failed.length > 0 && (
        <ul class="ipx-list" data-testid="ipx-failed">
          {state.failed.map((f) => (
            <li key={`${f.kind}:${f.name}`}>
              <strong>{f.name}</strong> ({f.kind}): {f.reason}
            </li>
          ))}
        </ul>
      )}
      {state.warnings.map((w) => (
        <p class="ipx-msg ipx-warning" data-testid="ipx-warning" key={w}>
          {w}
        </p>
      ))}
    </>
  );
}

function plural(n: number): string {
  return `${n} system${n === 1 ? '' : 's'}`;
}

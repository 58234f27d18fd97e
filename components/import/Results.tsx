import type { ApplyStep, UndoOutcome, UndoStep, WriteOutcome } from '@/lib/import/messages';

const KIND_LABEL = { source: 'Source', target: 'Target', proxy: 'Proxy' } as const;

/** What happened to each write of the import: created / updated / skipped / failed, with the reason. */
export function ApplyResults({ steps, outcomes, current }: { steps: ApplyStep[]; outcomes: Record<string, WriteOutcome>; current: string | null }) {
  return (
    <table class="ipx-table" data-testid="ipx-results">
      <thead><tr><th scope="col">Kind</th><th scope="col">System</th><th scope="col">Write</th><th scope="col">Result</th></tr></thead>
      <tbody>
        {steps.map((s) => {
          const o = outcomes[s.key];
          const status = o?.status ?? (s.key === current ? 'running' : 'pending');
          return (
            <tr key={s.key} data-testid="ipx-result-row" data-name={s.name} data-status={status}>
              <td>{KIND_LABEL[s.kind]}</td>
              <td>{s.name}</td>
              <td>{s.method === 'POST' ? 'create' : s.method === 'PUT' ? 'update' : 'delete'}</td>
              <td>
                <span class={`ipx-badge ipx-badge-${status}`}>{status}</span>
                {o && 'reason' in o && <div class="ipx-small">{o.reason}</div>}
                {o && 'warnings' in o && o.warnings.map((w, i) => <div key={i} class="ipx-small ipx-warn-text">{w}</div>)}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function UndoResults({ steps, outcomes, current }: { steps: UndoStep[]; outcomes: Record<string, UndoOutcome>; current: string | null }) {
  return (
    <table class="ipx-table" data-testid="ipx-undo-results">
      <thead><tr><th scope="col">Kind</th><th scope="col">System</th><th scope="col">Undo</th><th scope="col">Result</th></tr></thead>
      <tbody>
        {steps.map((s) => {
          const o = outcomes[s.key];
          const status = o?.status ?? (s.key === current ? 'running' : 'pending');
          return (
            <tr key={s.key} data-testid="ipx-undo-row" data-name={s.name} data-status={status}>
              <td>{KIND_LABEL[s.kind]}</td>
              <td>{s.name}</td>
              <td>{s.method === 'DELETE' ? 'delete the created system' : s.method === 'POST' ? 'create the deleted system again' : 'restore the state before'}</td>
              <td>
                <span class={`ipx-badge ipx-badge-${status}`}>{status}</span>
                {o && 'reason' in o && <div class="ipx-small">{o.reason}</div>}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function countOutcomes<T extends { status: string }>(outcomes: Record<string, T>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of Object.values(outcomes)) counts[o.status] = (counts[o.status] ?? 0) + 1;
  return counts;
}

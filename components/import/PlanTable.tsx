import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import type { ItemDiffView, PlanItemView, PlanView } from '@/lib/import/messages';
import type { Decision, ImportAction } from '@/lib/import/types';
import { ItemDiff } from './ItemDiff.tsx';

export const ACTION_LABEL: Record<ImportAction, string> = {
  create: 'Create',
  update: 'Update in place',
  copy: 'Create as renamed copy',
  skip: 'Skip',
  delete: 'Delete from the tenant',
};

const KIND_LABEL = { source: 'Source', target: 'Target', proxy: 'Proxy' } as const;

export interface PlanTableProps {
  plan: PlanView;
  busy: boolean;
  onDecide: (key: string, change: Partial<Decision>) => void;
  onImportSources: (names: string[]) => void;
  loadDiff: (key: string, showVolatile: boolean) => Promise<ItemDiffView>;
  /** Leaves out the rows that would change nothing (identical and skipped), e.g. in a large restore. */
  hideIdentical?: boolean;
}

/** One row per incoming system: kind, name, match, action, changes, problems; a row opens its diff. */
export function PlanTable({ plan, busy, onDecide, onImportSources, loadDiff, hideIdentical = false }: PlanTableProps) {
  const [open, setOpen] = useState<Set<string>>(new Set());
  const toggle = (key: string) => {
    const next = new Set(open);
    next.has(key) ? next.delete(key) : next.add(key);
    setOpen(next);
  };
  return (
    <table class="ipx-table ipx-plan" data-testid="ipx-plan">
      <thead>
        <tr>
          <th scope="col"><span class="ipx-sr">Diff</span></th>
          <th scope="col">Kind</th>
          <th scope="col">System</th>
          <th scope="col">In the tenant</th>
          <th scope="col">Action</th>
          <th scope="col">Changes</th>
        </tr>
      </thead>
      <tbody>
        {plan.items.filter((item) => !(hideIdentical && isUnchanged(item))).map((item) => (
          <Fragment key={item.key}>
            <Row item={item} fromSnapshot={plan.restore !== null} busy={busy} expanded={open.has(item.key)} onToggle={() => toggle(item.key)} onDecide={onDecide} onImportSources={onImportSources} />
            {open.has(item.key) && (
              <tr class="ipx-plan-detail" data-testid="ipx-plan-detail" data-key={item.key}>
                <td colSpan={6}>
                  <ItemDiff
                    itemKey={item.key}
                    version={`${item.action}\u0000${item.copyName}`}
                    load={loadDiff}
                    source={plan.restore ? 'snapshot' : 'file'}
                    {...(item.onlyInTenant ? { onlyInTenant: { deleted: item.action === 'delete' } } : {})}
                  />
                </td>
              </tr>
            )}
          </Fragment>
        ))}
      </tbody>
    </table>
  );
}

/** Identical to the tenant and skipped: the row changes nothing. */
export function isUnchanged(item: PlanItemView): boolean {
  return item.identical && item.action === 'skip';
}

/** A skipped row says what it would change in the tenant, or that it is not imported at all. */
function skippedSummary(item: PlanItemView): string {
  if (item.onlyInTenant) return 'kept as it is';
  if (item.identical) return 'no changes';
  return item.match ? `not imported (the file differs: ${item.summary})` : 'not imported';
}

interface RowProps {
  item: PlanItemView;
  /** A restore: integrity `ok` means the snapshot's seal was verified, not a bundle manifest. */
  fromSnapshot: boolean;
  busy: boolean;
  expanded: boolean;
  onToggle: () => void;
  onDecide: PlanTableProps['onDecide'];
  onImportSources: PlanTableProps['onImportSources'];
}

function Row({ item, fromSnapshot, busy, expanded, onToggle, onDecide, onImportSources }: RowProps) {
  const skipped = item.action === 'skip';
  const problems = item.problems.filter((p) => p.code !== 'change-description');
  return (
    <tr data-testid="ipx-plan-row" data-key={item.key} data-name={item.name} data-kind={item.kind} data-action={item.action} class={skipped ? 'ipx-skipped' : ''}>
      <td>
        <button type="button" class="ipx-btn" aria-expanded={expanded} aria-label={`${expanded ? 'Hide' : 'Show'} the diff of ${item.name}`} data-testid="ipx-plan-expand" onClick={onToggle}>
          {expanded ? '▾' : '▸'}
        </button>
      </td>
      <td>{KIND_LABEL[item.kind]}</td>
      <td>
        <div class="ipx-strong">{item.name}</div>
        <div class="ipx-muted ipx-small">{item.onlyInTenant ? 'not in the snapshot' : item.path ? `${item.file} › ${item.path}` : item.file}</div>
        {item.integrity === 'ok' && <div class="ipx-small ipx-ok">{fromSnapshot ? '✓ verified against the snapshot’s hashes' : '✓ matches the bundle manifest'}</div>}
        {item.integrity === 'mismatch' && <div class="ipx-small ipx-req" data-testid="ipx-plan-mismatch">✗ differs from the bundle manifest</div>}
      </td>
      <td data-testid="ipx-plan-match">
        {item.onlyInTenant ? (
          <>
            {item.name}
            <div class="ipx-muted ipx-small">created since the snapshot (or renamed)</div>
          </>
        ) : item.match ? (
          <>
            {item.match.name}
            <div class="ipx-muted ipx-small">matched by {item.match.by === 'id' ? 'id (same tenant)' : 'name'}{item.identical ? ' · identical' : ''}</div>
          </>
        ) : item.kindClash ? (
          <span class="ipx-req">a {item.kindClash.kind} has this name</span>
        ) : (
          <span class="ipx-muted">not in the tenant</span>
        )}
      </td>
      <td>
        {item.onlyInTenant ? (
          <label class="ipx-check">
            <input
              type="checkbox"
              checked={item.action === 'delete'}
              disabled={busy}
              data-testid="ipx-plan-delete"
              onChange={() => onDecide(item.key, { action: item.action === 'delete' ? 'skip' : 'delete' })}
            />
            <span>Delete {item.name}</span>
          </label>
        ) : (
          <select
            class="ipx-select"
            aria-label={`Action for ${item.name}`}
            data-testid="ipx-plan-action"
            disabled={busy || item.available.length < 2}
            value={item.action}
            onChange={(e) => onDecide(item.key, { action: (e.target as HTMLSelectElement).value as ImportAction })}
          >
            {item.available.map((a) => (
              <option key={a} value={a}>{ACTION_LABEL[a]}</option>
            ))}
          </select>
        )}
        {item.action === 'copy' && (
          <input
            class="ipx-input ipx-small-input"
            aria-label={`Name of the copy of ${item.name}`}
            data-testid="ipx-plan-copyname"
            value={item.copyName}
            disabled={busy}
            onChange={(e) => onDecide(item.key, { copyName: (e.target as HTMLInputElement).value })}
          />
        )}
        {item.integrity === 'mismatch' && (
          <label class="ipx-check">
            <input
              type="checkbox"
              checked={item.acceptIntegrityMismatch && !skipped}
              disabled={busy}
              data-testid="ipx-plan-accept-integrity"
              onChange={() => onDecide(item.key, acceptMismatch(item, !(item.acceptIntegrityMismatch && !skipped)))}
            />
            <span>Edited on purpose: import it although it differs from the bundle manifest</span>
          </label>
        )}
      </td>
      <td>
        <div data-testid="ipx-plan-summary">{skipped ? skippedSummary(item) : item.summary}</div>
        {!skipped && item.totals.total > 0 && <div class="ipx-muted ipx-small" data-testid="ipx-plan-totals">{item.totals.total} change{item.totals.total === 1 ? '' : 's'}</div>}
        {problems.map((p, i) => (
          <div key={i} class={`ipx-problem ipx-problem-${skipped ? 'info' : p.level}`} data-testid="ipx-plan-problem" data-code={p.code} data-level={p.level}>
            {p.message}
            {p.offerSources && p.offerSources.length > 0 && (
              <button type="button" class="ipx-btn ipx-link" data-testid="ipx-plan-offer-sources" disabled={busy} onClick={() => onImportSources(p.offerSources!)}>
                Import {p.offerSources.join(', ')} first
              </button>
            )}
          </div>
        ))}
      </td>
    </tr>
  );
}

/** Ticking the box on a skipped file also picks the first real action (update when matched), so one click does it. */
export function acceptMismatch(item: { action: ImportAction; available: ImportAction[] }, accept: boolean): Partial<Decision> {
  if (!accept || item.action !== 'skip') return { acceptIntegrityMismatch: accept };
  const action = (['update', 'create', 'copy'] as const).find((a) => item.available.includes(a));
  return action ? { acceptIntegrityMismatch: true, action } : { acceptIntegrityMismatch: true };
}

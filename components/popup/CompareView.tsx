import { useEffect, useMemo, useState } from 'preact/hooks';
import { SystemDiffView } from '@/components/diff/SystemDiffView';
import { TextDiffView, type TextMode } from '@/components/diff/TextDiffView';
import { summarizeSet, summarizeSystem } from '@/lib/diff/summarize';
import type { SnapshotSummary } from '@/lib/messaging/protocol';
import type { PopupApi } from '@/lib/popup/api';
import { compareSnapshots, filterSystems, RecordCache, systemView, type Comparison, type StatusFilter } from '@/lib/popup/compare';
import { formatTime, hostOf, TRIGGER_LABEL } from '@/lib/popup/format';
import { useAsync } from './hooks.ts';

export interface CompareViewProps {
  api: PopupApi;
  left: number;
  right: number;
  onSwap: () => void;
}

const FILTERS: Array<[StatusFilter, string]> = [['changes', 'All changes'], ['changed', 'Changed'], ['added', 'Added'], ['removed', 'Removed'], ['unchanged', 'Unchanged'], ['all', 'All']];

/**
 * Two snapshots side by side (issue item 2): systems added, removed and changed, and for the one picked
 * the per-system diff view of the import (components/diff). Same tenant: matched by id, then name;
 * different tenants: by kind and name.
 */
export function CompareView({ api, left, right, onSwap }: CompareViewProps) {
  const [volatile, setVolatile] = useState(false);
  const caches = useMemo(() => [new RecordCache(left, api.records), new RecordCache(right, api.records)] as [RecordCache, RecordCache], [api, left, right]);
  const [state] = useAsync(async () => {
    const [l, r] = await Promise.all([api.get(left), api.get(right)]);
    const result = await compareSnapshots(l, r, caches, { showVolatile: volatile });
    performance.mark('ipx-compare-rendered');
    return result;
  }, [caches, volatile]);
  if (state.status === 'loading') return <p class="ipx-muted ipx-pad" data-testid="ipx-compare-loading">Comparing snapshot #{left} with #{right}…</p>;
  if (state.status === 'error') return <p class="ipx-msg ipx-error ipx-pad" data-testid="ipx-compare-error">{state.error}</p>;
  return <Loaded c={state.value} volatile={volatile} onVolatile={setVolatile} onSwap={onSwap} />;
}

function Loaded({ c, volatile, onVolatile, onSwap }: { c: Comparison; volatile: boolean; onVolatile: (v: boolean) => void; onSwap: () => void }) {
  const [filter, setFilter] = useState<StatusFilter>(c.diff.totals.added + c.diff.totals.removed + c.diff.totals.changed ? 'changes' : 'all');
  const [query, setQuery] = useState('');
  const shown = useMemo(() => filterSystems(c, filter, query), [c, filter, query]);
  const [selected, setSelected] = useState<number | null>(shown[0] ?? null);
  useEffect(() => {
    if (selected === null || !shown.includes(selected)) setSelected(shown[0] ?? null);
  }, [shown]);
  const counts = c.diff.totals;
  const countOf = (f: StatusFilter) => (f === 'all' ? c.diff.systems.length : f === 'changes' ? counts.added + counts.removed + counts.changed : counts[f]);
  const damaged = [c.left, c.right].filter((side) => side.detail.integrity.damaged);
  return (
    <div class="ipx-compare" data-testid="ipx-compare">
      <div class="ipx-compare-head">
        <Side s={c.left.detail.snapshot} which="Before" />
        <button type="button" class="ipx-btn" aria-label="Swap sides" title="Swap sides" data-testid="ipx-swap" onClick={onSwap}>⇄</button>
        <Side s={c.right.detail.snapshot} which="After" />
      </div>
      {!c.sameTenant && <p class="ipx-msg ipx-info" data-testid="ipx-cross-tenant">Different tenants: systems are matched by kind and name.</p>}
      {c.notes.map((n) => <p key={n} class="ipx-msg ipx-info ipx-small" data-testid="ipx-compare-note">{n}</p>)}
      {damaged.map((side) => (
        <p key={side.detail.snapshot.id} class="ipx-msg ipx-warning">Snapshot #{side.detail.snapshot.id} is damaged: {side.detail.integrity.problems.join(' ')}</p>
      ))}
      <p class="ipx-strong" data-testid="ipx-compare-summary">{summarizeSet(c.diff)}</p>
      <div class="ipx-dialog-tools ipx-flush">
        <div class="ipx-segmented" role="group" aria-label="Show">
          {FILTERS.map(([f, label]) => (
            <button type="button" key={f} class="ipx-btn" aria-pressed={filter === f} data-testid={`ipx-filter-${f}`} onClick={() => setFilter(f)}>
              {label} {countOf(f)}
            </button>
          ))}
        </div>
        <input type="search" class="ipx-input" placeholder="Search by name" aria-label="Search systems by name" value={query} onInput={(e) => setQuery((e.target as HTMLInputElement).value)} />
        <label class="ipx-small">
          <input type="checkbox" checked={volatile} data-testid="ipx-compare-volatile" onChange={() => onVolatile(!volatile)} /> Volatile fields
        </label>
      </div>
      <div class="ipx-split">
        <SystemList c={c} shown={shown} selected={selected} onSelect={setSelected} />
        <div class="ipx-split-detail" aria-live="polite">
          {selected === null ? <p class="ipx-muted">{shown.length ? 'Pick a system to see its diff.' : 'Nothing to show with this filter.'}</p> : <PairDiff c={c} index={selected} volatile={volatile} />}
        </div>
      </div>
      {[c.left, c.right].map((side, i) =>
        side.failed.length ? (
          <p key={i} class="ipx-msg ipx-warning ipx-small" data-testid="ipx-compare-failed">
            Not compared ({i ? 'after' : 'before'}: their export had failed): {side.failed.map((f) => f.name).join(', ')}
          </p>
        ) : null,
      )}
    </div>
  );
}

function Side({ s, which }: { s: SnapshotSummary; which: string }) {
  return (
    <div class="ipx-side" data-testid="ipx-compare-side" data-id={s.id}>
      <span class="ipx-muted ipx-small">{which}</span>
      <span class="ipx-strong">{formatTime(s.createdAt)}</span>
      <span class="ipx-muted ipx-small">
        #{s.id} · {TRIGGER_LABEL[s.trigger]} · {hostOf(s.origin)}
        {s.label && <> · {s.label}</>}
      </span>
    </div>
  );
}

function SystemList({ c, shown, selected, onSelect }: { c: Comparison; shown: number[]; selected: number | null; onSelect: (i: number) => void }) {
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    const at = selected === null ? -1 : shown.indexOf(selected);
    const next = shown[Math.max(0, Math.min(shown.length - 1, at + (e.key === 'ArrowDown' ? 1 : -1)))];
    if (next === undefined) return;
    onSelect(next);
    (e.currentTarget as HTMLElement).querySelector<HTMLElement>(`[data-index="${next}"]`)?.focus();
  };
  return (
    <ul class="ipx-split-list" aria-label="Systems" onKeyDown={onKeyDown} data-testid="ipx-compare-list">
      {shown.map((i) => {
        const s = c.diff.systems[i]!;
        const name = s.name.right ?? s.name.left ?? '';
        return (
          <li key={i}>
            <button type="button" class={`ipx-sysrow${i === selected ? ' ipx-open' : ''}`} aria-current={i === selected ? 'true' : undefined} data-index={i} data-testid="ipx-compare-system" data-name={name} data-status={s.status}
              tabIndex={i === (selected ?? shown[0]) ? 0 : -1} onClick={() => onSelect(i)}>
              <span class="ipx-trow-line">
                <span class={`ipx-badge ipx-badge-${s.status}`}>{s.status}</span>
                <span class="ipx-grow ipx-ellipsis">{name}</span>
                <span class="ipx-muted ipx-small">{s.kind}</span>
              </span>
              {s.status === 'changed' && <span class="ipx-muted ipx-small ipx-ellipsis">{summarizeSystem(s)}</span>}
            </button>
          </li>
        );
      })}
    </ul>
  );
}

function PairDiff({ c, index, volatile }: { c: Comparison; index: number; volatile: boolean }) {
  const [mode, setMode] = useState<TextMode>('unified');
  const pair = c.pairs[index]!;
  const [view] = useAsync(() => systemView(pair, volatile), [pair, volatile]);
  useEffect(() => {
    if (view.status === 'done') performance.mark('ipx-compare-system');
  }, [view]);
  const s = c.diff.systems[index]!;
  const renamed = s.name.left !== null && s.name.right !== null && s.name.left !== s.name.right;
  return (
    <div class="ipx-item-diff" data-testid="ipx-diff" data-name={s.name.right ?? s.name.left}>
      <div class="ipx-diff-tools">
        <h3 class="ipx-h3 ipx-grow">
          {s.name.right ?? s.name.left} <span class="ipx-muted ipx-small">({s.kind}{renamed && `, was “${s.name.left}”`})</span>
        </h3>
        <div class="ipx-segmented" role="group" aria-label="Text view">
          <button type="button" class="ipx-btn" aria-pressed={mode === 'unified'} onClick={() => setMode('unified')}>Unified</button>
          <button type="button" class="ipx-btn" aria-pressed={mode === 'side'} onClick={() => setMode('side')}>Side by side</button>
        </div>
      </div>
      {view.status === 'loading' && <p class="ipx-muted">Loading the records…</p>}
      {view.status === 'error' && <p class="ipx-msg ipx-error">{view.error}</p>}
      {view.status === 'done' && (
        <>
          <SystemDiffView diff={view.value.diff} />
          {view.value.hunks.length > 0 && (
            <details class="ipx-diff-section" open={s.status === 'changed'}>
              <summary>Canonical JSON</summary>
              <TextDiffView hunks={view.value.hunks} sideBySide={view.value.sideBySide} mode={mode} />
            </details>
          )}
        </>
      )}
    </div>
  );
}

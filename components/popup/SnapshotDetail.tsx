import { useMemo, useState } from 'preact/hooks';
import type { RestorePart } from '@/lib/import/messages';
import type { SnapshotDetail as Detail, SnapshotSummary, SnapshotSystem } from '@/lib/messaging/protocol';
import { SYSTEM_KINDS, type SystemKind } from '@/lib/model/system';
import type { PopupApi } from '@/lib/popup/api';
import { formatBytes, formatTime, hostOf, plural, TRIGGER_LABEL } from '@/lib/popup/format';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { RestoreDialog, type RestoreScope } from './RestoreDialog.tsx';
import { useAction, useAsync } from './hooks.ts';

export interface SnapshotDetailProps {
  api: PopupApi;
  id: number;
  picked: boolean;
  /** Set when a console tab of the tenant is open: "Compare with live" is offered. */
  liveTab: number | null;
  onChanged: (s: SnapshotSummary) => void;
  onDeleted: (id: number) => void;
  onPick: (s: SnapshotSummary) => void;
  onCompareLive: (s: SnapshotSummary, tabId: number) => void;
}

const KIND_TITLE: Record<SystemKind, string> = { source: 'Source systems', target: 'Target systems', proxy: 'Proxy systems' };

type OkSystem = Extract<SnapshotSystem, { status: 'ok' }>;
const isOk = (s: SnapshotSystem): s is OkSystem => s.status === 'ok';

/** What the toolbar's Restore restores: the ticked systems, else the whole snapshot. */
function chosenScope(systems: SnapshotSystem[], chosen: ReadonlySet<string>): RestoreScope {
  const picked = systems.filter((s) => isOk(s) && chosen.has(s.id)).sort((a, b) => a.name.localeCompare(b.name));
  return picked.length ? { type: 'chosen', systems: picked.map(({ id, name }) => ({ id, name })) } : { type: 'whole' };
}

/** One snapshot: what it is, its systems (with search), and what can be done with it. */
export function SnapshotDetail(props: SnapshotDetailProps) {
  const { api, id } = props;
  const [state, reload] = useAsync(() => api.get(id), [api, id]);
  if (state.status === 'loading') return <p class="ipx-muted ipx-pad">Loading snapshot #{id}…</p>;
  if (state.status === 'error') return <p class="ipx-msg ipx-error ipx-pad" data-testid="ipx-detail-error">{state.error}</p>;
  return <Loaded {...props} detail={state.value} reload={reload} />;
}

function Loaded({ api, detail, picked, liveTab, onChanged, onDeleted, onPick, onCompareLive, reload }: SnapshotDetailProps & { detail: Detail; reload: () => void }) {
  const s = detail.snapshot;
  const action = useAction();
  const [labelDraft, setLabelDraft] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  // System ids in the snapshot, ticked for restore.
  const [chosen, setChosen] = useState<ReadonlySet<string>>(() => new Set());
  const [restore, setRestore] = useState<RestoreScope | null>(null);
  const restorable = !detail.integrity.damaged;
  const openRestore = (scope: RestoreScope) => {
    setNotice(null);
    setRestore(scope);
  };
  const choose = (ids: string[], on: boolean) =>
    setChosen((now) => {
      const next = new Set(on ? now : []);
      if (on) ids.forEach((id) => next.add(id));
      return next;
    });
  const update = (patch: { pinned?: boolean; label?: string | null }) =>
    action.run(async () => {
      onChanged(await api.update(s.id, patch));
      setLabelDraft(null);
      reload();
    });
  const download = () =>
    action.run(async () => {
      setNotice(null);
      setNotice(`Downloaded ${await api.download(s.id)}.`);
    });
  const remove = () =>
    action.run(async () => {
      await api.remove(s.id);
      setConfirmDelete(false);
      onDeleted(s.id);
    });
  return (
    <div class="ipx-detail" data-testid="ipx-detail" data-id={s.id}>
      <header class="ipx-detail-head">
        <h2 class="ipx-h2">
          {formatTime(s.createdAt)} {s.pinned && <span class="ipx-badge ipx-badge-pinned" title="Retention never removes a pinned snapshot">pinned</span>}
        </h2>
        <p class="ipx-muted ipx-small">
          #{s.id} · {TRIGGER_LABEL[s.trigger]} · {hostOf(s.origin)}
          {s.tenantId && <> · tenant {s.tenantId}</>} · {plural(s.systemCount, 'system')}
          {s.failedCount > 0 && <> · {s.failedCount} failed</>} · {formatBytes(s.size)}
        </p>
        {labelDraft === null ? (
          s.label && <p class="ipx-chip ipx-chip-big" data-testid="ipx-label">{s.label}</p>
        ) : (
          <form class="ipx-inline" onSubmit={(e) => (e.preventDefault(), void update({ label: labelDraft.trim() || null }))}>
            <input class="ipx-input" aria-label="Label" maxLength={200} placeholder="e.g. before go-live" value={labelDraft} data-testid="ipx-label-input" autoFocus
              onInput={(e) => setLabelDraft((e.target as HTMLInputElement).value)} onKeyDown={(e) => e.key === 'Escape' && setLabelDraft(null)} />
            <button type="submit" class="ipx-btn ipx-emph" data-testid="ipx-label-save" disabled={action.busy}>Save</button>
            <button type="button" class="ipx-btn" onClick={() => setLabelDraft(null)}>Cancel</button>
          </form>
        )}
        {s.note && <p class="ipx-small">{s.note}</p>}
      </header>
      <div class="ipx-toolbar" role="toolbar" aria-label="Snapshot actions">
        <button type="button" class="ipx-btn" aria-pressed={s.pinned} data-testid="ipx-pin" disabled={action.busy} onClick={() => update({ pinned: !s.pinned })} title="Pinned snapshots are never removed by retention">
          {s.pinned ? 'Unpin' : 'Pin'}
        </button>
        <button type="button" class="ipx-btn" data-testid="ipx-label-edit" disabled={action.busy || labelDraft !== null} onClick={() => setLabelDraft(s.label ?? '')}>
          {s.label ? 'Edit label' : 'Label'}
        </button>
        <button type="button" class="ipx-btn" aria-pressed={picked} data-testid="ipx-pick-detail" onClick={() => onPick(s)}>
          {picked ? 'Picked' : 'Pick to compare'}
        </button>
        {liveTab !== null && (
          <button type="button" class="ipx-btn" data-testid="ipx-compare-live" disabled={action.busy} onClick={() => onCompareLive(s, liveTab)} title="Takes a snapshot in the open console tab and compares">
            Compare with live
          </button>
        )}
        <button type="button" class="ipx-btn" data-testid="ipx-download" disabled={action.busy} title="Download as a bundle zip, like an export" onClick={download}>
          Download
        </button>
        <button type="button" class="ipx-btn" data-testid="ipx-restore" disabled={action.busy || !restorable} onClick={() => openRestore(chosenScope(detail.systems, chosen))}
          title={!restorable ? "A damaged snapshot can't be restored: see the problems below" : chosen.size ? 'Restore the chosen systems through an open console tab' : 'Restore the whole snapshot through an open console tab; tick systems below to restore only those'}>
          {restorable && chosen.size ? `Restore ${chosen.size} chosen…` : 'Restore…'}
        </button>
        <span class="ipx-grow" />
        <button type="button" class="ipx-btn ipx-danger-text" data-testid="ipx-delete" disabled={action.busy} onClick={() => setConfirmDelete(true)}>Delete</button>
      </div>
      {detail.integrity.damaged && (
        <div class="ipx-msg ipx-error" data-testid="ipx-damage">
          <strong>This snapshot is damaged</strong> and can't be downloaded or used to restore; you can still view it and compare it.
          <ul class="ipx-list">{detail.integrity.problems.map((p) => <li key={p}>{p}</li>)}</ul>
        </div>
      )}
      {action.error && <p class="ipx-msg ipx-error" role="alert" data-testid="ipx-action-error">{action.error}</p>}
      {notice && <p class="ipx-msg ipx-success" role="status" data-testid="ipx-notice">{notice}</p>}
      <Systems systems={detail.systems} restorable={restorable} chosen={chosen} onChoose={choose} onRestorePart={(system, part) => openRestore({ type: 'part', system: { id: system.id, name: system.name }, part })} />
      {restore && (
        <RestoreDialog api={api} snapshot={s} scope={restore} onCancel={() => setRestore(null)} onDone={(text) => (setRestore(null), setNotice(text))} />
      )}
      {confirmDelete && (
        <ConfirmDialog title={`Delete snapshot #${s.id}?`} confirm="Delete" danger busy={action.busy} onConfirm={remove} onCancel={() => setConfirmDelete(false)}>
          <p>
            The snapshot of {hostOf(s.origin)} taken {formatTime(s.createdAt)} ({plural(s.systemCount, 'system')}) is removed from the extension. Records no other snapshot uses are removed too. This cannot be undone.
          </p>
          {s.pinned && <p class="ipx-msg ipx-warning">It is pinned.</p>}
        </ConfirmDialog>
      )}
    </div>
  );
}

interface SystemsProps {
  systems: SnapshotSystem[];
  /** False for a damaged snapshot: the background refuses to restore it, so nothing can be chosen. */
  restorable: boolean;
  chosen: ReadonlySet<string>;
  onChoose: (ids: string[], on: boolean) => void;
  onRestorePart: (system: OkSystem, part: RestorePart) => void;
}

function Systems({ systems, restorable, chosen, onChoose, onRestorePart }: SystemsProps) {
  const [query, setQuery] = useState('');
  const groups = useMemo(() => {
    const q = query.trim().toLowerCase();
    const shown = systems.filter((s) => !q || s.name.toLowerCase().includes(q) || (s.status === 'ok' && s.connectorTypeString.toLowerCase().includes(q)));
    return SYSTEM_KINDS.map((kind) => ({ kind, items: shown.filter((s) => s.kind === kind).sort((a, b) => a.name.localeCompare(b.name)) })).filter((g) => g.items.length);
  }, [systems, query]);
  const shownIds = groups.flatMap((g) => g.items.filter(isOk).map((s) => s.id));
  return (
    <section class="ipx-systems" aria-label="Systems in this snapshot">
      <input type="search" class="ipx-input ipx-search" placeholder={`Search ${systems.length} systems by name or type`} aria-label="Search systems" data-testid="ipx-system-search"
        value={query} onInput={(e) => setQuery((e.target as HTMLInputElement).value)} />
      {restorable && (
        <div class="ipx-choosebar">
          <span class="ipx-grow ipx-muted ipx-small" data-testid="ipx-chosen-count">
            {chosen.size ? `${plural(chosen.size, 'system')} chosen for restore` : 'Tick systems to restore only those.'}
          </span>
          <button type="button" class="ipx-btn ipx-link ipx-small" data-testid="ipx-choose-all" disabled={shownIds.every((id) => chosen.has(id))} onClick={() => onChoose(shownIds, true)}>
            Choose all shown
          </button>
          <button type="button" class="ipx-btn ipx-link ipx-small" data-testid="ipx-choose-none" disabled={chosen.size === 0} onClick={() => onChoose([], false)}>
            None
          </button>
        </div>
      )}
      {groups.length === 0 && <p class="ipx-muted">No system matches.</p>}
      {groups.map((g) => (
        <div key={g.kind}>
          <h3 class="ipx-h3">{KIND_TITLE[g.kind]} ({g.items.length})</h3>
          <ul class="ipx-syslist">
            {g.items.map((s) => (
              <li key={`${s.kind}:${s.id}:${s.name}`} data-testid="ipx-system" data-name={s.name}>
                {isOk(s) ? <OkRow system={s} restorable={restorable} chosen={chosen.has(s.id)} onChoose={onChoose} onRestorePart={onRestorePart} /> : <FailedRow system={s} restorable={restorable} />}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

function OkRow({ system: s, restorable, chosen, onChoose, onRestorePart }: Omit<SystemsProps, 'systems' | 'chosen'> & { system: OkSystem; chosen: boolean }) {
  const name = (
    <span class="ipx-sysname">
      <span class="ipx-ellipsis">{s.name}</span>
      <span class="ipx-muted ipx-small ipx-ellipsis">{s.connectorTypeString}</span>
    </span>
  );
  if (!restorable) return <span class="ipx-grow ipx-syschoose">{name}</span>;
  return (
    <>
      <label class="ipx-grow ipx-syschoose">
        <input type="checkbox" class="ipx-checkbox" aria-label={`Choose ${s.name} for restore`} data-testid="ipx-system-choose" checked={chosen}
          onChange={(e) => onChoose([s.id], (e.target as HTMLInputElement).checked)} />
        {name}
      </label>
      <span class="ipx-sysrestore">
        <button type="button" class="ipx-btn ipx-mini" aria-label={`Restore properties of ${s.name}`} title={`Restore only the properties of ${s.name}; its transformation stays as it is`}
          data-testid="ipx-restore-properties" onClick={() => onRestorePart(s, 'properties')}>
          Properties
        </button>
        <button type="button" class="ipx-btn ipx-mini" aria-label={`Restore transformation of ${s.name}`} title={`Restore only the transformation of ${s.name}; its properties stay as they are`}
          data-testid="ipx-restore-transformation" onClick={() => onRestorePart(s, 'transformation')}>
          Transformation
        </button>
      </span>
    </>
  );
}

/** A system the snapshot failed to export has no record: it is shown, never restored. */
function FailedRow({ system: s, restorable }: { system: Extract<SnapshotSystem, { status: 'failed' }>; restorable: boolean }) {
  return (
    <>
      <span class="ipx-grow ipx-syschoose">
        {restorable && <input type="checkbox" class="ipx-checkbox" disabled aria-label={`${s.name} failed in this snapshot: it can't be restored`} title="The snapshot has no record of it" />}
        <span class="ipx-ellipsis">{s.name}</span>
      </span>
      <span class="ipx-badge ipx-badge-failed" title={s.reason}>failed</span>
    </>
  );
}

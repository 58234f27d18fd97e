import { useMemo, useState } from 'preact/hooks';
import type { SnapshotDetail as Detail, SnapshotSummary, SnapshotSystem } from '@/lib/messaging/protocol';
import { SYSTEM_KINDS, type SystemKind } from '@/lib/model/system';
import type { PopupApi } from '@/lib/popup/api';
import { formatBytes, formatTime, hostOf, plural, TRIGGER_LABEL } from '@/lib/popup/format';
import { ConfirmDialog } from './ConfirmDialog.tsx';
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
      <Systems systems={detail.systems} />
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

function Systems({ systems }: { systems: SnapshotSystem[] }) {
  const [query, setQuery] = useState('');
  const groups = useMemo(() => {
    const q = query.trim().toLowerCase();
    const shown = systems.filter((s) => !q || s.name.toLowerCase().includes(q) || (s.status === 'ok' && s.connectorTypeString.toLowerCase().includes(q)));
    return SYSTEM_KINDS.map((kind) => ({ kind, items: shown.filter((s) => s.kind === kind).sort((a, b) => a.name.localeCompare(b.name)) })).filter((g) => g.items.length);
  }, [systems, query]);
  return (
    <section class="ipx-systems" aria-label="Systems in this snapshot">
      <input type="search" class="ipx-input ipx-search" placeholder={`Search ${systems.length} systems by name or type`} aria-label="Search systems" data-testid="ipx-system-search"
        value={query} onInput={(e) => setQuery((e.target as HTMLInputElement).value)} />
      {groups.length === 0 && <p class="ipx-muted">No system matches.</p>}
      {groups.map((g) => (
        <div key={g.kind}>
          <h3 class="ipx-h3">{KIND_TITLE[g.kind]} ({g.items.length})</h3>
          <ul class="ipx-syslist">
            {g.items.map((s) => (
              <li key={`${s.kind}:${s.id}:${s.name}`} data-testid="ipx-system" data-name={s.name}>
                <span class="ipx-grow">{s.name}</span>
                {s.status === 'ok' ? <span class="ipx-muted ipx-small">{s.connectorTypeString}</span> : <span class="ipx-badge ipx-badge-failed" title={s.reason}>failed</span>}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

import { useEffect, useMemo, useState } from 'preact/hooks';
import type { SnapshotSummary, StorageInfo } from '@/lib/messaging/protocol';
import type { PopupApi } from '@/lib/popup/api';
import { errorText, formatBytes, formatTime, hostOf, plural } from '@/lib/popup/format';
import { PagedSnapshots } from '@/lib/popup/paged';
import { formatRoute, parseRoute, type Route } from '@/lib/popup/route';
import { CompareView } from './CompareView.tsx';
import { SnapshotDetail } from './SnapshotDetail.tsx';
import { TenantList } from './TenantList.tsx';
import { Timeline } from './Timeline.tsx';
import { useAsync } from './hooks.ts';

export interface PopupAppProps {
  api: PopupApi;
  /** The page's location.hash: where to start (see lib/popup/route.ts). */
  hash: string;
  onRoute?: (hash: string) => void;
}

/** The popup: tenants → a tenant's timeline and one snapshot → a comparison; picks for comparison at the bottom. */
export function PopupApp({ api, hash, onRoute }: PopupAppProps) {
  const [route, setRoute] = useState<Route | null>(() => parseRoute(hash));
  const [tenants, reloadTenants] = useAsync(() => api.tenants(), [api]);
  // Storage use reads every record in the background: asked only once the tenants are in, so that it
  // never delays the first rows of the timeline.
  const [storage, reloadStorage] = useAsync(() => (tenants.status === 'loading' ? new Promise<never>(() => undefined) : api.storage()), [api, tenants.status === 'loading']);
  const [picks, setPicks] = useState<SnapshotSummary[]>([]);
  const [live, setLive] = useState<{ busy: boolean; error: string | null; note?: string }>({ busy: false, error: null });
  const go = (next: Route, note?: string) => {
    setRoute(next);
    setLive({ busy: false, error: null, ...(note ? { note } : {}) });
    onRoute?.(formatRoute(next));
  };
  useEffect(() => {
    if (route || tenants.status === 'loading') return;
    const list = tenants.status === 'done' ? tenants.value : [];
    void api.activeOrigin().catch(() => null).then((active) => {
      const origin = list.find((t) => t.origin === active)?.origin ?? (list.length === 1 ? list[0]!.origin : null);
      setRoute(origin ? { view: 'tenant', origin, id: null } : { view: 'tenants' });
    });
  }, [route, tenants.status]);
  useEffect(() => {
    if (tenants.status === 'done') performance.mark('ipx-popup-tenants');
  }, [tenants.status]);
  const origin = route?.view === 'tenant' ? route.origin : null;
  const paged = useMemo(() => (origin ? new PagedSnapshots((offset, limit) => api.list(origin, offset, limit)) : null), [api, origin]);
  const [liveTab] = useAsync(() => (origin ? api.findConsoleTab(origin).catch(() => null) : Promise.resolve(null)), [api, origin]);

  const pick = (s: SnapshotSummary) =>
    setPicks((now) => (now.some((p) => p.id === s.id) ? now.filter((p) => p.id !== s.id) : [...now, s].slice(-2)));
  const changed = (s: SnapshotSummary) => {
    paged?.replace(s);
    setPicks((now) => now.map((p) => (p.id === s.id ? s : p)));
    reloadTenants();
  };
  const deleted = (id: number) => {
    paged?.invalidate();
    setPicks((now) => now.filter((p) => p.id !== id));
    reloadTenants();
    reloadStorage();
    if (origin) go({ view: 'tenant', origin, id: null });
  };
  const compareLive = async (s: SnapshotSummary, tabId: number) => {
    setLive({ busy: true, error: null });
    try {
      const { snapshotId: right, reused } = await api.snapshotLive(tabId);
      paged?.invalidate();
      reloadStorage();
      // Nothing changed since the newest snapshot: that one stands for the live tenant, no new one is kept.
      go({ view: 'compare', left: s.id, right, origin: s.origin }, reused ? `The live tenant is identical to snapshot #${right}; no new snapshot was kept.` : undefined);
    } catch (e) {
      setLive({ busy: false, error: errorText(e) });
    }
  };
  const compare = () => {
    const [a, b] = [...picks].sort((x, y) => x.createdAt.localeCompare(y.createdAt));
    if (a && b) go({ view: 'compare', left: a.id, right: b.id, origin: route?.view === 'tenant' ? route.origin : a.origin });
  };

  return (
    <div class="ipx-app" data-testid="ipx-popup">
      <header class="ipx-shell">
        <span class="ipx-logo" aria-hidden="true">◆</span>
        <h1 class="ipx-title">IPS Snapshots</h1>
        <Crumbs route={route} onGo={go} />
        <span class="ipx-grow" />
        {storage.status === 'done' && <StorageUse info={storage.value} />}
        <button type="button" class="ipx-btn ipx-shell-btn" title="Open in a tab" aria-label="Open in a tab" onClick={() => api.openInTab(route ? formatRoute(route) : '')}>⤢</button>
        <button type="button" class="ipx-btn ipx-shell-btn" title="Options" aria-label="Options" data-testid="ipx-options" onClick={() => api.openOptions()}>⚙</button>
      </header>
      <main class="ipx-main">
        {live.busy && <p class="ipx-msg ipx-info ipx-pad" role="status" data-testid="ipx-live-busy">Taking a snapshot of the live tenant in its console tab…</p>}
        {live.error && <p class="ipx-msg ipx-error ipx-pad" role="alert" data-testid="ipx-live-error">{live.error}</p>}
        {live.note && <p class="ipx-msg ipx-info ipx-pad" role="status" data-testid="ipx-live-reused">{live.note}</p>}
        {!route ? (
          <p class="ipx-muted ipx-pad">Loading…</p>
        ) : route.view === 'tenants' ? (
          tenants.status === 'done' ? (
            <TenantList tenants={tenants.value} onOpen={(o) => go({ view: 'tenant', origin: o, id: null })} />
          ) : (
            <p class={tenants.status === 'error' ? 'ipx-msg ipx-error ipx-pad' : 'ipx-muted ipx-pad'}>{tenants.status === 'error' ? tenants.error : 'Loading…'}</p>
          )
        ) : route.view === 'compare' ? (
          <CompareView key={`${route.left}:${route.right}`} api={api} left={route.left} right={route.right} onSwap={() => go({ ...route, left: route.right, right: route.left })} />
        ) : (
          <div class="ipx-master-detail">
            <Timeline paged={paged!} openId={route.id} picked={picks.map((p) => p.id)} onOpen={(s) => go({ ...route, id: s.id })} onPick={pick} />
            <div class="ipx-detail-pane">
              {route.id === null ? (
                <p class="ipx-muted ipx-pad">Pick a snapshot to see its systems. Pick two (Space, or the box at the left of a row) to compare them.</p>
              ) : (
                <SnapshotDetail key={route.id} api={api} id={route.id} picked={picks.some((p) => p.id === route.id)} liveTab={liveTab.status === 'done' ? liveTab.value : null}
                  onChanged={changed} onDeleted={deleted} onPick={pick} onCompareLive={(s, tab) => void compareLive(s, tab)} />
              )}
            </div>
          </div>
        )}
      </main>
      {picks.length > 0 && route?.view !== 'compare' && <PickTray picks={picks} onRemove={pick} onCompare={compare} onClear={() => setPicks([])} />}
    </div>
  );
}

function Crumbs({ route, onGo }: { route: Route | null; onGo: (r: Route) => void }) {
  if (!route) return null;
  const items: Array<[string, Route | null]> = [['Tenants', route.view === 'tenants' ? null : { view: 'tenants' }]];
  if (route.view === 'tenant') items.push([hostOf(route.origin), null]);
  if (route.view === 'compare') {
    if (route.origin) items.push([hostOf(route.origin), { view: 'tenant', origin: route.origin, id: route.left }]);
    items.push(['Compare', null]);
  }
  return (
    <nav class="ipx-crumbs" aria-label="Breadcrumb">
      {items.map(([label, to], i) => (
        <span key={i}>
          {i > 0 && <span class="ipx-muted" aria-hidden="true"> › </span>}
          {to ? (
            <button type="button" class="ipx-btn ipx-link" data-testid={`ipx-crumb-${i}`} onClick={() => onGo(to)}>{label}</button>
          ) : (
            <span aria-current="page" class="ipx-strong">{label}</span>
          )}
        </span>
      ))}
    </nav>
  );
}

function StorageUse({ info }: { info: StorageInfo }) {
  const title = [
    `Snapshots: ${info.snapshots}`,
    `Distinct records: ${info.records} (${formatBytes(info.recordBytes)})`,
    `Browser estimate: ${formatBytes(info.usage)} used${info.quota ? ` of ${formatBytes(info.quota)}` : ''}`,
    `Persistent storage: ${info.persisted === null ? 'unknown' : info.persisted ? 'yes' : 'no'}; unlimitedStorage: ${info.unlimitedStorage ? 'granted' : 'no'}`,
  ].join('\n');
  return (
    <span class="ipx-storage ipx-small" title={title} data-testid="ipx-storage">
      {formatBytes(info.usage ?? info.recordBytes)} · {plural(info.snapshots, 'snapshot')}
    </span>
  );
}

function PickTray({ picks, onRemove, onCompare, onClear }: { picks: SnapshotSummary[]; onRemove: (s: SnapshotSummary) => void; onCompare: () => void; onClear: () => void }) {
  return (
    <footer class="ipx-tray" aria-label="Picked for comparison" data-testid="ipx-tray">
      <span class="ipx-muted ipx-small">Compare</span>
      {picks.map((p) => (
        <span key={p.id} class="ipx-chip ipx-pickchip" data-testid="ipx-tray-pick">
          {hostOf(p.origin)} · {formatTime(p.createdAt)}
          <button type="button" class="ipx-chip-x" aria-label={`Remove snapshot #${p.id} from the comparison`} onClick={() => onRemove(p)}>✕</button>
        </span>
      ))}
      {picks.length < 2 && <span class="ipx-muted ipx-small">Pick one more (any tenant)</span>}
      <span class="ipx-grow" />
      <button type="button" class="ipx-btn" onClick={onClear}>Clear</button>
      <button type="button" class="ipx-btn ipx-emph" data-testid="ipx-compare" disabled={picks.length < 2} onClick={onCompare}>Compare</button>
    </footer>
  );
}

import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { SystemKind } from '@/lib/model/system';
import { Portal } from './Portal.tsx';

export interface ChooserSystem {
  id: string;
  name: string;
  kind: SystemKind;
  state?: string;
}

export interface ExportChooserProps {
  load: () => Promise<ChooserSystem[]>;
  initialKind: SystemKind | 'all';
  onExport: (chosen: ChooserSystem[], options: { proxyCsv: boolean }) => void;
  onClose: () => void;
}

const KINDS: Array<SystemKind | 'all'> = ['all', 'source', 'target', 'proxy'];
const KIND_LABEL: Record<SystemKind | 'all', string> = { all: 'All', source: 'Source', target: 'Target', proxy: 'Proxy' };

/** Pick the systems to export: search, kind filter, select all / none (of what is shown). */
export function ExportChooser({ load, initialKind, onExport, onClose }: ExportChooserProps) {
  const [systems, setSystems] = useState<ChooserSystem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [kind, setKind] = useState(initialKind);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [proxyCsv, setProxyCsv] = useState(false);
  const search = useRef<HTMLInputElement>(null);
  useEffect(() => {
    load().then(setSystems, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
    search.current?.focus();
  }, [load]);
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    return (systems ?? []).filter((s) => (kind === 'all' || s.kind === kind) && (!q || s.name.toLowerCase().includes(q)));
  }, [systems, query, kind]);
  const setAll = (on: boolean) => {
    const next = new Set(chosen);
    for (const s of shown) (on ? next.add(s.id) : next.delete(s.id));
    setChosen(next);
  };
  const toggle = (id: string) => {
    const next = new Set(chosen);
    next.has(id) ? next.delete(id) : next.add(id);
    setChosen(next);
  };
  const picked = (systems ?? []).filter((s) => chosen.has(s.id));
  return (
    <Portal marker="chooser">
      <div class="ipx-backdrop" onClick={onClose} />
      <section class="ipx-dialog" role="dialog" aria-modal="true" aria-label="Choose systems to export" data-testid="ipx-chooser" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
        <header class="ipx-panel-head">
          <span>Choose systems to export</span>
          <button type="button" class="ipx-btn" aria-label="Close" onClick={onClose}>✕</button>
        </header>
        <div class="ipx-dialog-tools">
          <input ref={search} type="search" class="ipx-input" placeholder="Search by name" aria-label="Search by name" data-testid="ipx-chooser-search" value={query} onInput={(e) => setQuery((e.target as HTMLInputElement).value)} />
          <div class="ipx-segmented" role="group" aria-label="Kind">
            {KINDS.map((k) => (
              <button type="button" key={k} class="ipx-btn" aria-pressed={kind === k} data-testid={`ipx-chooser-kind-${k}`} onClick={() => setKind(k)}>
                {KIND_LABEL[k]}
              </button>
            ))}
          </div>
          <button type="button" class="ipx-btn" data-testid="ipx-chooser-all" onClick={() => setAll(true)}>Select all</button>
          <button type="button" class="ipx-btn" data-testid="ipx-chooser-none" onClick={() => setAll(false)}>None</button>
        </div>
        <div class="ipx-dialog-body">
          {error && <p class="ipx-msg ipx-error">{error}</p>}
          {!systems && !error && <p class="ipx-muted">Loading the systems of this tenant…</p>}
          {systems && shown.length === 0 && <p class="ipx-muted">No system matches.</p>}
          <ul class="ipx-checklist">
            {shown.map((s) => (
              <li key={s.id}>
                <label>
                  <input type="checkbox" checked={chosen.has(s.id)} data-testid="ipx-chooser-item" data-name={s.name} onChange={() => toggle(s.id)} />
                  <span class="ipx-grow">{s.name}</span>
                  <span class="ipx-muted">{KIND_LABEL[s.kind]}{s.state === 'DISABLED' ? ' · disabled' : ''}</span>
                </label>
              </li>
            ))}
          </ul>
        </div>
        <footer class="ipx-dialog-foot">
          <label class="ipx-grow">
            <input type="checkbox" checked={proxyCsv} data-testid="ipx-chooser-csv" onChange={() => setProxyCsv(!proxyCsv)} /> Proxies also as CSV for SAP Identity Management
          </label>
          <span class="ipx-muted" data-testid="ipx-chooser-count">{picked.length} selected</span>
          <button type="button" class="ipx-btn" onClick={onClose}>Cancel</button>
          <button type="button" class="ipx-btn ipx-emph" data-testid="ipx-chooser-export" disabled={picked.length === 0} onClick={() => onExport(picked, { proxyCsv })}>
            Export {picked.length || ''}
          </button>
        </footer>
      </section>
    </Portal>
  );
}

import { useEffect, useRef, useState } from 'preact/hooks';
import { Portal } from './Portal.tsx';

export interface ToolbarActionsProps {
  /** "source", "target" or "proxy" — what the one-click button exports. */
  kindLabel: string;
  busy: boolean;
  onExportKind: () => void;
  onExportAll: () => void;
  onChoose: () => void;
  onSnapshotNow: () => void;
  onImport: () => void;
}

/** Our buttons in the console's systems-list toolbar, right after the native Add. */
export function ToolbarActions({ kindLabel, busy, onExportKind, onExportAll, onChoose, onSnapshotNow, onImport }: ToolbarActionsProps) {
  const [open, setOpen] = useState(false);
  const [at, setAt] = useState({ top: 0, right: 0 });
  const root = useRef<HTMLSpanElement>(null);
  const more = useRef<HTMLButtonElement>(null);
  const toggle = () => {
    // The console's toolbar clips overflow: the menu is positioned against the viewport instead.
    const r = more.current!.getBoundingClientRect();
    setAt({ top: r.bottom + 4, right: Math.max(8, window.innerWidth - r.right) });
    setOpen(!open);
  };
  useEffect(() => {
    if (!open) return;
    const close = (e: Event) => {
      const path = e.composedPath();
      if (!path.includes(root.current!) && !path.some((n) => (n as Element).getAttribute?.('data-ipx') === 'menu')) setOpen(false);
    };
    document.addEventListener('pointerdown', close, true);
    return () => document.removeEventListener('pointerdown', close, true);
  }, [open]);
  const choose = (action: () => void) => () => {
    setOpen(false);
    action();
  };
  return (
    <span class="ipx-actions" ref={root} onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
      <button type="button" class="ipx-btn" data-testid="ipx-export-kind" disabled={busy} title={`Export every ${kindLabel} system into one bundle and keep a snapshot`} onClick={onExportKind}>
        <ExportIcon />
        Export all
      </button>
      <button type="button" class="ipx-btn" data-testid="ipx-import" title="Import files or a bundle: see every change before anything is written" onClick={onImport}>
        <ImportIcon />
        Import
      </button>
      <button type="button" class="ipx-btn" ref={more} data-testid="ipx-more" aria-haspopup="menu" aria-expanded={open} title="More IPS Snapshots actions" onClick={toggle}>
        ⋯
      </button>
      {open && (
        <Portal marker="menu">
        <div class="ipx-menu" role="menu" onKeyDown={(e) => e.key === 'Escape' && setOpen(false)} style={{ top: `${at.top}px`, right: `${at.right}px` }}>
          <button type="button" role="menuitem" class="ipx-menuitem" data-testid="ipx-export-all-kinds" disabled={busy} onClick={choose(onExportAll)}>
            Export all systems (source, target and proxy)
          </button>
          <button type="button" role="menuitem" class="ipx-menuitem" data-testid="ipx-choose" disabled={busy} onClick={choose(onChoose)}>
            Choose systems to export…
          </button>
          <button type="button" role="menuitem" class="ipx-menuitem" data-testid="ipx-snapshot-now" disabled={busy} onClick={choose(onSnapshotNow)}>
            Snapshot now (all systems, no download)
          </button>
        </div>
        </Portal>
      )}
    </span>
  );
}

function ImportIcon() {
  return (
    <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true">
      <path fill="currentColor" d="M8 11a.75.75 0 0 1-.75-.75V3.56L5.03 5.78a.75.75 0 1 1-1.06-1.06l3.5-3.5a.75.75 0 0 1 1.06 0l3.5 3.5a.75.75 0 1 1-1.06 1.06L8.75 3.56v6.69A.75.75 0 0 1 8 11ZM2.75 12a.75.75 0 0 1 .75.75v.75h9v-.75a.75.75 0 0 1 1.5 0v1.5a.75.75 0 0 1-.75.75H2.75a.75.75 0 0 1-.75-.75v-1.5a.75.75 0 0 1 .75-.75Z" />
    </svg>
  );
}

function ExportIcon() {
  return (
    <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true">
      <path fill="currentColor" d="M8 1a.75.75 0 0 1 .75.75v6.69l2.22-2.22a.75.75 0 1 1 1.06 1.06l-3.5 3.5a.75.75 0 0 1-1.06 0l-3.5-3.5a.75.75 0 1 1 1.06-1.06l2.22 2.22V1.75A.75.75 0 0 1 8 1ZM2.75 12a.75.75 0 0 1 .75.75v.75h9v-.75a.75.75 0 0 1 1.5 0v1.5a.75.75 0 0 1-.75.75H2.75a.75.75 0 0 1-.75-.75v-1.5a.75.75 0 0 1 .75-.75Z" />
    </svg>
  );
}

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
  const menu = useRef<HTMLDivElement>(null);
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
  useEffect(() => {
    if (open) items(menu.current)[0]?.focus();
  }, [open]);
  const closeMenu = () => {
    setOpen(false);
    more.current?.focus();
  };
  const choose = (action: () => void) => () => {
    setOpen(false);
    action();
  };
  /** Menu keys as in a UI5 menu: arrows move, Home/End jump, Escape and Tab close. */
  const onMenuKey = (e: KeyboardEvent) => {
    const list = items(menu.current);
    const i = list.indexOf(e.composedPath()[0] as HTMLButtonElement);
    const go = (n: number) => list[(n + list.length) % list.length]?.focus();
    if (e.key === 'ArrowDown') go(i + 1);
    else if (e.key === 'ArrowUp') go(i - 1);
    else if (e.key === 'Home') go(0);
    else if (e.key === 'End') go(list.length - 1);
    else if (e.key === 'Escape' || e.key === 'Tab') closeMenu();
    else return;
    e.preventDefault();
  };
  return (
    <span class="ipx-actions" ref={root} onKeyDown={(e) => e.key === 'Escape' && open && closeMenu()}>
      {/* Icon buttons with tooltips, as UI5 toolbars do, so that the console's list title keeps its room. */}
      <button type="button" class="ipx-btn ipx-icon" data-testid="ipx-export-kind" disabled={busy} title={`Export all ${kindLabel} systems (one bundle, and a snapshot)`} aria-label={`Export all ${kindLabel} systems`} onClick={onExportKind}>
        <ExportIcon />
      </button>
      <button type="button" class="ipx-btn ipx-icon" data-testid="ipx-import" title="Import with diff: see every change before anything is written" aria-label="Import with diff" onClick={onImport}>
        <ImportIcon />
      </button>
      <button type="button" class="ipx-btn ipx-icon" ref={more} data-testid="ipx-more" aria-haspopup="menu" aria-expanded={open} title="More IPS Snapshots actions" aria-label="More IPS Snapshots actions" onClick={toggle}>
        ⋯
      </button>
      {open && (
        <Portal marker="menu">
        <div class="ipx-menu" role="menu" ref={menu} aria-label="IPS Snapshots" onKeyDown={onMenuKey} style={{ top: `${at.top}px`, right: `${at.right}px` }}>
          <button type="button" role="menuitem" class="ipx-menuitem" data-testid="ipx-export-all-kinds" disabled={busy} onClick={choose(onExportAll)}>
            Export all systems (source, target and proxy)
          </button>
          <button type="button" role="menuitem" class="ipx-menuitem" data-testid="ipx-import-menu" onClick={choose(onImport)}>
            Import with diff…
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

function items(menu: HTMLElement | null): HTMLButtonElement[] {
  return [...(menu?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]:not([disabled])') ?? [])];
}

import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { SnapshotSummary } from '@/lib/messaging/protocol';
import { formatBytes, formatTime, plural, TRIGGER_LABEL } from '@/lib/popup/format';
import type { PagedSnapshots } from '@/lib/popup/paged';
import { nextIndex, scrollToShow, visibleRange } from '@/lib/popup/window';

export const ROW_HEIGHT = 56;

export interface TimelineProps {
  paged: PagedSnapshots;
  /** The snapshot whose systems are shown next to the timeline. */
  openId: number | null;
  /** Snapshots picked for comparison (aria-selected). */
  picked: number[];
  onOpen: (s: SnapshotSummary) => void;
  onPick: (s: SnapshotSummary) => void;
}

/**
 * A tenant's snapshots, newest first, as a windowed listbox: only the rows on screen exist, and their
 * page is fetched from the background when it scrolls into view, so 1,000 snapshots stay fast.
 * Keyboard: arrows, Page Up/Down, Home/End move; Enter opens; Space picks for comparison.
 */
export function Timeline({ paged, openId, picked, onOpen, onPick }: TimelineProps) {
  const box = useRef<HTMLDivElement>(null);
  const [version, setVersion] = useState(0);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(400);
  const [active, setActive] = useState(-1);
  useEffect(() => paged.subscribe(() => setVersion((v) => v + 1)), [paged]);
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return undefined;
    const measure = () => setViewport(el.clientHeight || 400);
    measure();
    if (typeof ResizeObserver === 'undefined') return undefined;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const total = paged.total ?? 0;
  const { start, end } = visibleRange(scrollTop, viewport, ROW_HEIGHT, paged.total === null ? 1 : total);
  // After a page arrives or the list is invalidated (version), fetch what is on screen and missing.
  useEffect(() => void paged.ensure(start, Math.max(end, 1)), [paged, start, end, version]);
  useEffect(() => {
    if (start < end && paged.get(start)) performance.mark('ipx-timeline-rows');
  });

  const moveTo = (index: number) => {
    setActive(index);
    const el = box.current;
    if (el) {
      el.scrollTop = scrollToShow(index, el.scrollTop, el.clientHeight || viewport, ROW_HEIGHT);
      setScrollTop(el.scrollTop);
    }
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const to = nextIndex(e.key, active, total, Math.floor(viewport / ROW_HEIGHT));
    if (to !== null) {
      e.preventDefault();
      moveTo(to);
      return;
    }
    const item = active >= 0 ? paged.get(active) : undefined;
    if (!item) return;
    if (e.key === 'Enter') {
      e.preventDefault();
      onOpen(item);
    } else if (e.key === ' ') {
      e.preventDefault();
      onPick(item);
    }
  };

  if (paged.error && paged.total === null) return <p class="ipx-msg ipx-error ipx-pad">{paged.error}</p>;
  const rows = [];
  for (let i = start; i < end; i++) {
    const s = paged.get(i);
    rows.push(
      <Row key={s?.id ?? `i${i}`} index={i} s={s} active={i === active} open={!!s && s.id === openId} picked={!!s && picked.includes(s.id)}
        onClick={() => {
          setActive(i);
          if (s) onOpen(s);
        }}
        onPick={() => s && onPick(s)}
      />,
    );
  }
  return (
    <div
      ref={box}
      class="ipx-timeline"
      role="listbox"
      tabIndex={0}
      aria-label={`Snapshots, newest first (${total})`}
      aria-multiselectable="true"
      aria-activedescendant={active >= 0 ? `ipx-row-${active}` : undefined}
      data-testid="ipx-timeline"
      data-total={paged.total ?? ''}
      onScroll={(e) => setScrollTop((e.currentTarget as HTMLElement).scrollTop)}
      onKeyDown={onKeyDown}
      onFocus={() => active < 0 && total > 0 && setActive(Math.min(total - 1, Math.floor(scrollTop / ROW_HEIGHT)))}
    >
      <div style={{ height: `${total * ROW_HEIGHT}px`, position: 'relative' }}>{rows}</div>
      {paged.total === 0 && <p class="ipx-muted ipx-pad">No snapshots of this tenant.</p>}
    </div>
  );
}

interface RowProps {
  index: number;
  s: SnapshotSummary | undefined;
  active: boolean;
  open: boolean;
  picked: boolean;
  onClick: () => void;
  onPick: () => void;
}

function Row({ index, s, active, open, picked, onClick, onPick }: RowProps) {
  const cls = ['ipx-trow', active && 'ipx-active', open && 'ipx-open', s?.damaged && 'ipx-damaged'].filter(Boolean).join(' ');
  const style = { top: `${index * ROW_HEIGHT}px`, height: `${ROW_HEIGHT}px` };
  if (!s) {
    return <div id={`ipx-row-${index}`} role="option" aria-selected="false" class="ipx-trow ipx-placeholder" style={style} data-index={index} aria-busy="true" />;
  }
  return (
    <div id={`ipx-row-${index}`} role="option" aria-selected={picked} aria-current={open ? 'true' : undefined} class={cls} style={style} data-index={index} data-id={s.id} data-testid="ipx-timeline-row" onClick={onClick}>
      <span
        class={`ipx-pick${picked ? ' ipx-picked' : ''}`}
        title={picked ? 'Picked for comparison (Space)' : 'Pick for comparison (Space)'}
        data-testid="ipx-pick"
        onClick={(e) => {
          e.stopPropagation();
          onPick();
        }}
      >
        {picked ? '✓' : ''}
      </span>
      <span class="ipx-trow-main">
        <span class="ipx-trow-line">
          <span class="ipx-strong">{formatTime(s.createdAt)}</span>
          {s.label && <span class="ipx-chip" title={s.label}>{s.label}</span>}
          {s.pinned && <span class="ipx-badge ipx-badge-pinned" title="Pinned: retention never removes it">pinned</span>}
          {s.damaged && <span class="ipx-badge ipx-badge-failed" title={s.damage.join(' ')} data-testid="ipx-damaged">damaged</span>}
        </span>
        <span class="ipx-trow-line ipx-muted ipx-small">
          <span class="ipx-badge">{TRIGGER_LABEL[s.trigger]}</span>#{s.id} · {plural(s.systemCount, 'system')}
          {s.failedCount > 0 && <span class="ipx-warn-text"> · {s.failedCount} failed</span>} · {formatBytes(s.size)}
        </span>
      </span>
    </div>
  );
}

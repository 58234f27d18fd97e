import { useEffect, useState } from 'preact/hooks';
import type { ItemDiffView } from '@/lib/import/messages';
import { SystemDiffView } from '@/components/diff/SystemDiffView';
import { TextDiffView, type TextMode } from '@/components/diff/TextDiffView';

export interface ItemDiffProps {
  itemKey: string;
  /** Changes when the action or copy name changes what is compared. */
  version: string;
  load: (key: string, showVolatile: boolean) => Promise<ItemDiffView>;
  /** What the live system is compared with: "file" (an import), "snapshot #12" (a restore). */
  source?: string;
  /** A system only in the tenant (restore): it is either deleted or kept, never compared with a source. */
  onlyInTenant?: { deleted: boolean };
}

/** One system's diff against the live tenant: structured change list, then the canonical JSON text. */
export function ItemDiff({ itemKey, version, load, source = 'file', onlyInTenant }: ItemDiffProps) {
  const [view, setView] = useState<ItemDiffView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [volatile, setVolatile] = useState(false);
  const [mode, setMode] = useState<TextMode>('unified');
  useEffect(() => {
    let live = true;
    setError(null);
    load(itemKey, volatile).then(
      (v) => live && setView(v),
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [itemKey, version, volatile, load]);
  if (error) return <p class="ipx-msg ipx-error">{error}</p>;
  if (!view) return <p class="ipx-muted">Computing the diff…</p>;
  return (
    <div class="ipx-item-diff" data-testid="ipx-diff" data-key={itemKey}>
      <div class="ipx-diff-tools">
        <span class="ipx-muted ipx-grow">
          {onlyInTenant ? (
            <>Live system “{view.against?.name ?? ''}”, not in the {source}: {onlyInTenant.deleted ? 'deleted' : 'kept as it is'}</>
          ) : view.against ? (
            <>Live system “{view.against.name}” → {source}</>
          ) : (
            <>New system: everything in the {source} is added</>
          )}
        </span>
        <label>
          <input type="checkbox" checked={volatile} data-testid="ipx-diff-volatile" onChange={() => setVolatile(!volatile)} /> Show volatile fields
        </label>
        <div class="ipx-segmented" role="group" aria-label="Text view">
          <button type="button" class="ipx-btn" aria-pressed={mode === 'unified'} data-testid="ipx-diff-mode-unified" onClick={() => setMode('unified')}>Unified</button>
          <button type="button" class="ipx-btn" aria-pressed={mode === 'side'} data-testid="ipx-diff-mode-side" onClick={() => setMode('side')}>Side by side</button>
        </div>
      </div>
      <SystemDiffView diff={view.diff} />
      <details class="ipx-diff-section" open={view.diff.status !== 'added'}>
        <summary>Canonical JSON ({mode === 'side' ? 'side by side' : 'unified'})</summary>
        <TextDiffView hunks={view.hunks} sideBySide={view.sideBySide} mode={mode} />
      </details>
    </div>
  );
}

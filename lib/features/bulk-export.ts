import { h } from 'preact';
import { MASTER_TOOLBAR, OUR_MARKER, queryFirst, toolbarAnchor } from '@/lib/console/selectors';
import { observeDom } from '@/lib/console/observe';
import { SYSTEM_KINDS } from '@/lib/model/system';
import { createShadowHost } from '@/lib/ui/shadow';
import { ToolbarActions } from '@/components/ToolbarActions';
import type { Feature, FeatureContext } from './types.ts';

const MARKER = 'toolbar-actions';

/**
 * "Export all" next to the native Add of each systems list (that kind); in its menu "Export all
 * systems" (all three kinds), "Choose systems to export…" and "Snapshot now" (no download). Injected once per toolbar, and again whenever the console re-renders it.
 */
export const bulkExport: Feature = {
  name: 'bulk-export',
  runsOn: (page): page is Extract<typeof page, { type: 'systems' }> => page.type === 'systems',
  init(ctx) {
    const mounted: Mounted[] = [];
    observeDom(() => {
      // A re-rendered toolbar took our old buttons with it: release them, then add new ones once.
      for (const m of mounted.filter((m) => !m.host.isConnected)) dispose(mounted, m);
      inject(ctx, mounted);
    }, ctx.signal);
    ctx.signal.addEventListener('abort', () => [...mounted].forEach((m) => dispose(mounted, m)), { once: true });
  },
};

interface Mounted {
  host: HTMLElement;
  dispose: () => void;
}

function dispose(mounted: Mounted[], m: Mounted): void {
  mounted.splice(mounted.indexOf(m), 1);
  m.dispose();
}

function inject(ctx: FeatureContext, mounted: Mounted[]): void {
  const toolbar = queryFirst(document, MASTER_TOOLBAR);
  if (!toolbar || toolbar.querySelector(`[${OUR_MARKER}="${MARKER}"]`)) return;
  const { parent, after } = toolbarAnchor(toolbar);
  const ui = createShadowHost('span', MARKER);
  ui.host.style.display = 'inline-flex';
  parent.insertBefore(ui.host, after ? after.nextSibling : null);
  const job = ctx.app.exportJob;
  const renderActions = () =>
    ui.mount(
      h(ToolbarActions, {
        kindLabel: ctx.page.kind,
        busy: job.running,
        onExportKind: () => void job.start([ctx.page.kind]),
        onExportAll: () => void job.start([...SYSTEM_KINDS]),
        onChoose: () => ctx.app.dialog.set({ type: 'chooser', kind: ctx.page.kind }),
        onSnapshotNow: () => void job.start([...SYSTEM_KINDS], { download: false, trigger: 'manual' }),
        onImport: () => ctx.app.dialog.set({ type: 'import', kind: ctx.page.kind }),
      }),
    );
  renderActions();
  const unsubscribe = job.state.subscribe(renderActions);
  mounted.push({
    host: ui.host,
    dispose: () => {
      unsubscribe();
      ui.unmount();
    },
  });
}

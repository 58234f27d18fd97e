import { h } from 'preact';
import { browser } from 'wxt/browser';
import { ConsoleClient } from '@/lib/console/api';
import { isIpsPath, parsePage, tenantOrigin } from '@/lib/console/pages';
import { ExportJob, type ExportState } from '@/lib/export/job';
import { FEATURES } from '@/lib/features';
import type { RestoreRequest } from '@/lib/import/messages';
import { startFeatures } from '@/lib/features/manager';
import type { AppContext, DialogState } from '@/lib/features/types';
import { SYSTEM_KINDS } from '@/lib/model/system';
import { send } from '@/lib/messaging';
import { loadSettings } from '@/lib/settings';
import { createShadowHost } from '@/lib/ui/shadow';
import { Store } from '@/lib/ui/store';
import { useStore } from '@/lib/ui/use-store';
import { ExportPanel } from '@/components/ExportPanel';
import { ExportChooser, type ChooserSystem } from '@/components/ExportChooser';
import { ImportDialog } from '@/components/import/ImportDialog';

/** The content script: one app per console tab, its floating panel and dialogs, and the page features. */
export function startContent(signal: AbortSignal): void {
  if (!isIpsPath(location.pathname)) return;
  const origin = tenantOrigin(location);
  const app: AppContext = { origin, exportJob: new ExportJob(origin), dialog: new Store<DialogState>({ type: 'none' }) };
  const panel = createShadowHost('div', 'panel');
  document.body.append(panel.host);
  panel.mount(h(AppLayer, { app }));
  listenForScheduledSnapshots(app, signal);
  listenForRestore(app, signal);
  void offerInterruptedWrites(app, signal);
  signal.addEventListener(
    'abort',
    () => {
      app.exportJob.cancel();
      panel.unmount();
    },
    { once: true },
  );
  startFeatures(FEATURES, app, signal);
}

/**
 * The background's alarm (scheduled snapshots) and the popup ("compare with live") ask an open console
 * tab for a snapshot without download: `{ipx: 'content.snapshotNow', wait?: boolean}`. With `wait` the
 * answer comes when the snapshot is stored: `{started: true, snapshotId, reused}`, or `{started: true,
 * snapshotId: null, error, stopped}` with the reason the run stopped (e.g. 'session'). Neither keeps a
 * new snapshot when the tenant is identical to its newest stored one: `reused: true` names that one.
 * Exported for tests.
 */
export function listenForScheduledSnapshots(app: Pick<AppContext, 'origin' | 'exportJob'>, signal: AbortSignal): void {
  const listener = (message: unknown) => {
    const msg = message as { ipx?: string; wait?: boolean } | null;
    if (msg?.ipx !== 'content.snapshotNow') return undefined;
    if (app.exportJob.running) return Promise.resolve({ started: false, reason: 'An export is already running in this console tab.' });
    const trigger = msg.wait ? 'manual' : 'scheduled';
    const done = app.exportJob.start([...SYSTEM_KINDS], { download: false, trigger, skipIfUnchanged: true });
    if (!msg.wait) return Promise.resolve({ started: true, origin: app.origin });
    return done.then(() => {
      const state = app.exportJob.state.get();
      if (state.status === 'done') return { started: true, origin: app.origin, snapshotId: state.snapshotId, reused: state.reused, error: state.storeError };
      if (state.status === 'stopped') return { started: true, origin: app.origin, snapshotId: null, error: state.message, stopped: state.reason };
      return { started: true, origin: app.origin, snapshotId: null, error: 'The snapshot did not finish.' };
    });
  };
  browser.runtime.onMessage.addListener(listener);
  signal.addEventListener('abort', () => browser.runtime.onMessage.removeListener(listener), { once: true });
}

/**
 * The popup asks this console tab to restore a snapshot: `{ipx: 'content.restore', request}`. The restore
 * dialog opens here, because the writes must come from the console's page (its origin and session); the
 * background checks the request in full. Answer: `{opened: true}` or `{opened: false, reason}`.
 */
function listenForRestore(app: AppContext, signal: AbortSignal): void {
  const listener = (message: unknown) => {
    const msg = message as { ipx?: string; request?: unknown } | null;
    if (msg?.ipx !== 'content.restore') return undefined;
    const request = restoreRequest(msg.request);
    if (!request) return Promise.resolve({ opened: false, reason: 'The restore request was not understood; update the extension and try again.' });
    const open = app.dialog.get().type;
    if (open === 'import' || open === 'restore') {
      return Promise.resolve({ opened: false, reason: 'An import or restore dialog is open in this console tab: finish or close it there first.' });
    }
    const page = parsePage(location);
    app.dialog.set({ type: 'restore', kind: page.type === 'systems' ? page.kind : 'source', request });
    return Promise.resolve({ opened: true, origin: app.origin });
  };
  browser.runtime.onMessage.addListener(listener);
  signal.addEventListener('abort', () => browser.runtime.onMessage.removeListener(listener), { once: true });
}

/**
 * An import or restore whose writes were interrupted (page reloaded or closed, session expired, browser
 * stopped) left the tenant half-changed: on loading a console page its dialog opens by itself, so that the
 * admin resumes or discards it. Nothing is written until they choose. A plan that was never applied is
 * only offered when they open Import.
 */
async function offerInterruptedWrites(app: AppContext, signal: AbortSignal): Promise<void> {
  // Only in the tab the admin looks at: tabs restored in the background ask when they are first shown.
  if (document.visibilityState !== 'visible') {
    const shown = () => {
      if (document.visibilityState !== 'visible') return;
      document.removeEventListener('visibilitychange', shown);
      void offerInterruptedWrites(app, signal);
    };
    document.addEventListener('visibilitychange', shown, { signal });
    return;
  }
  try {
    const session = await send('import.session', { origin: app.origin });
    if (signal.aborted || !session || (session.status !== 'applying' && session.status !== 'undoing')) return;
    if (app.dialog.get().type !== 'none') return;
    const page = parsePage(location);
    app.dialog.set({ type: 'import', kind: page.type === 'systems' ? page.kind : 'source' });
  } catch {
    // The background is unreachable (extension updated or reloaded): the Import button still offers it.
  }
}

/** The shape only; the background validates every field again before it reads the snapshot. */
function restoreRequest(v: unknown): RestoreRequest | null {
  const r = v as Partial<RestoreRequest> | null;
  if (!r || typeof r !== 'object' || !Number.isInteger(r.snapshotId)) return null;
  if (r.systems !== undefined && !(Array.isArray(r.systems) && r.systems.every((s) => typeof s === 'string'))) return null;
  if (r.part !== undefined && r.part !== 'properties' && r.part !== 'transformation') return null;
  return {
    snapshotId: r.snapshotId!,
    ...(r.systems ? { systems: [...r.systems] } : {}),
    ...(r.part ? { part: r.part } : {}),
    crossTenant: r.crossTenant === true,
  };
}

async function listAll(origin: string): Promise<ChooserSystem[]> {
  const settings = await loadSettings();
  const client = new ConsoleClient({ origin, budget: settings.budget, retryBudgetMs: settings.retryBudgetMs });
  const all: ChooserSystem[] = [];
  for (const kind of SYSTEM_KINDS) {
    for (const s of await client.listSystems(kind)) all.push({ id: s.id, name: s.name, kind, state: s.state });
  }
  return all;
}

function AppLayer({ app }: { app: AppContext }) {
  const job = app.exportJob;
  const state: ExportState = useStore(job.state);
  const dialog = useStore(app.dialog);
  const close = () => app.dialog.set({ type: 'none' });
  return h('div', null, [
    h(ExportPanel, { state, onCancel: () => job.cancel(), onClose: () => job.dismiss() }),
    dialog.type === 'chooser' &&
      h(ExportChooser, {
        load: () => listAll(app.origin),
        initialKind: dialog.kind,
        onClose: close,
        onExport: (chosen, options) => {
          close();
          const kinds = SYSTEM_KINDS.filter((k) => chosen.some((s) => s.kind === k));
          void job.start(kinds, { only: new Set(chosen.map((s) => s.id)), proxyCsv: options.proxyCsv });
        },
      }),
    dialog.type === 'import' && h(ImportDialog, { origin: app.origin, kind: dialog.kind, onClose: close }),
    dialog.type === 'restore' && h(ImportDialog, { origin: app.origin, kind: dialog.kind, restore: dialog.request, onClose: close }),
  ]);
}

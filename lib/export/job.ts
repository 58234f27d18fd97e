import { browser } from 'wxt/browser';
import { ConsoleClient } from '@/lib/console/api';
import { CancelledError } from '@/lib/console/errors';
import type { SystemKind } from '@/lib/model/system';
import { send } from '@/lib/messaging';
import type { SnapshotTrigger } from '@/lib/messaging/protocol';
import { buildBundle, downloadInPage } from '@/lib/bundle/write';
import { bundleFileName } from '@/lib/bundle/names';
import { loadSettings } from '@/lib/settings';
import { Store } from '@/lib/ui/store';
import { collectExports, type CollectProgress } from './collect.ts';

export type ExportState =
  | { status: 'idle' }
  | { status: 'running'; kinds: SystemKind[]; download: boolean; progress: CollectProgress }
  | {
      status: 'done';
      /** null for a snapshot without download. */
      fileName: string | null;
      exported: number;
      failed: Array<{ name: string; kind: SystemKind; reason: string }>;
      warnings: string[];
      snapshotId: number | null;
      /** True when no new snapshot was kept: the tenant is identical to stored snapshot `snapshotId`. */
      reused: boolean;
      storeError: string | null;
    }
  | { status: 'stopped'; reason: 'cancelled' | 'empty' | 'session' | 'retry-budget' | 'error'; message: string };

export interface ExportOptions {
  /** Only these system ids (the chooser); every system of the kinds when absent. */
  only?: ReadonlySet<string>;
  /** False for "Snapshot now" and scheduled snapshots: keep the snapshot, download nothing. */
  download?: boolean;
  trigger?: SnapshotTrigger;
  /**
   * Keep no new snapshot when the tenant is identical to its newest stored one (compare with live,
   * scheduled snapshots); the done state then names that snapshot with `reused: true`.
   */
  skipIfUnchanged?: boolean;
  /** Proxies also as the console's CSV for SAP Identity Management. */
  proxyCsv?: boolean;
}

/**
 * One bulk export at a time per console tab: list → export each system → background validates,
 * hashes and snapshots → zip built and downloaded in the page. A fatal stop (cancel, expired session,
 * retry budget spent) produces no zip and no snapshot, and says which.
 */
export class ExportJob {
  readonly state = new Store<ExportState>({ status: 'idle' });
  private abort: AbortController | null = null;

  constructor(private readonly origin: string) {}

  get running(): boolean {
    return this.state.get().status === 'running';
  }

  cancel(): void {
    this.abort?.abort(new CancelledError());
  }

  dismiss(): void {
    if (!this.running) this.state.set({ status: 'idle' });
  }

  async start(kinds: SystemKind[], options: ExportOptions = {}): Promise<void> {
    if (this.running) return;
    const { only, download = true, trigger = 'export', proxyCsv = false, skipIfUnchanged = false } = options;
    this.abort = new AbortController();
    this.state.set({ status: 'running', kinds, download, progress: { phase: 'listing', done: 0, total: 0 } });
    try {
      const settings = await loadSettings();
      const client = new ConsoleClient({ origin: this.origin, budget: settings.budget, retryBudgetMs: settings.retryBudgetMs, signal: this.abort.signal });
      const collected = await collectExports(client, kinds, {
        only,
        proxyCsv: download && proxyCsv,
        onProgress: (progress) => this.state.set({ status: 'running', kinds, download, progress }),
      });
      if (this.abort.signal.aborted) throw new CancelledError();
      if (collected.files.length + collected.failed.length === 0) {
        const what = kinds.length === 1 ? `${kinds[0]} systems` : 'systems';
        this.state.set({ status: 'stopped', reason: 'empty', message: `This tenant has no ${what}${only ? ' of those chosen' : ''}: nothing was exported and no snapshot was kept.` });
        return;
      }
      const result = await send('export.ingest', {
        origin: this.origin,
        trigger: only && trigger === 'export' ? 'selection' : trigger,
        kinds,
        files: collected.files,
        failed: collected.failed,
        store: true,
        ...(skipIfUnchanged ? { skipIfUnchanged: true } : {}),
      });
      const createdAt = new Date();
      const { zip, manifest } = buildBundle({
        origin: this.origin,
        tenantId: result.tenantId,
        createdAt,
        extensionVersion: browser.runtime.getManifest().version,
        kinds,
        entries: result.entries,
        files: collected.files,
        extras: collected.extras,
        warnings: collected.warnings,
      });
      const fileName = download ? bundleFileName(this.origin, createdAt) : null;
      if (fileName) downloadInPage(zip, fileName);
      const failed = manifest.systems.flatMap((s) => (s.status === 'failed' ? [{ name: s.name, kind: s.kind, reason: s.reason }] : []));
      this.state.set({
        status: 'done',
        fileName,
        exported: manifest.systems.length - failed.length,
        failed,
        warnings: collected.warnings,
        snapshotId: result.snapshotId,
        reused: result.reused === true,
        storeError: result.storeError,
      });
    } catch (e) {
      this.state.set(stopped(e, download));
    } finally {
      this.abort = null;
    }
  }
}

/** Why a run stopped; a snapshot without download (scheduled, compare with live, "Snapshot now") mentions no file. */
function stopped(e: unknown, download: boolean): ExportState {
  const message = e instanceof Error ? e.message : String(e);
  const code = (e as { code?: string })?.code;
  const nothing = download ? 'No file was downloaded and no snapshot was kept.' : 'No snapshot was kept.';
  if (code === 'CANCELLED') return { status: 'stopped', reason: 'cancelled', message: download ? 'Export cancelled: no file was downloaded and no snapshot was kept.' : 'Snapshot cancelled: no snapshot was kept.' };
  if (code === 'SESSION_EXPIRED') return { status: 'stopped', reason: 'session', message: `${message} ${nothing}` };
  if (code === 'RETRY_BUDGET_SPENT') return { status: 'stopped', reason: 'retry-budget', message: `${message} ${nothing}` };
  return { status: 'stopped', reason: 'error', message: `${download ? 'Export' : 'Snapshot'} failed: ${message} ${nothing}` };
}

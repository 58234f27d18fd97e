import type { ConsolePage } from '@/lib/console/pages';
import type { ExportJob } from '@/lib/export/job';
import type { RestoreRequest } from '@/lib/import/messages';
import type { SystemKind } from '@/lib/model/system';
import type { Store } from '@/lib/ui/store';

/** Dialogs live at app level so that a console re-render of the toolbar never closes them. */
export type DialogState =
  | { type: 'none' }
  | { type: 'chooser'; kind: SystemKind }
  | { type: 'import'; kind: SystemKind }
  | { type: 'restore'; kind: SystemKind; request: RestoreRequest };

/** What every feature of one console tab shares. */
export interface AppContext {
  origin: string;
  exportJob: ExportJob;
  dialog: Store<DialogState>;
}

export interface FeatureContext {
  app: AppContext;
  page: Extract<ConsolePage, { type: 'systems' }>;
  /** Aborted when the page changes (hash navigation) or the extension is reloaded. */
  signal: AbortSignal;
}

export interface Feature {
  name: string;
  runsOn: (page: ConsolePage) => page is Extract<ConsolePage, { type: 'systems' }>;
  init: (ctx: FeatureContext) => void;
}

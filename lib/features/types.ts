import type { ConsolePage } from '@/lib/console/pages';
import type { ExportJob } from '@/lib/export/job';

/** What every feature of one console tab shares. */
export interface AppContext {
  origin: string;
  exportJob: ExportJob;
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

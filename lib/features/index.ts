import { bulkExport } from './bulk-export.ts';
import type { Feature } from './types.ts';

/** The only list of console features. */
export const FEATURES: readonly Feature[] = [bulkExport];

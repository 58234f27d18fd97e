/** Types for the module served by lib/schema/ajv-standalone-plugin.ts. */
declare module 'virtual:ajv-validators' {
  import type { ErrorObject } from 'ajv';

  export interface StandaloneValidator {
    (data: unknown): boolean;
    /** Set after a failed call; `null` after a successful one. */
    errors?: ErrorObject[] | null;
  }

  export const systemFile: StandaloneValidator;
  export const bundleManifest: StandaloneValidator;
  export const storeBackup: StandaloneValidator;
}

import type { SystemKind } from './system.ts';

/** `manifest.json` at the root of a bundle zip (console-contract.md §5). */
export interface BundleManifest {
  format: 'ips-snapshots-bundle';
  formatVersion: 1;
  /** Console origin the bundle was exported from, e.g. `https://t.accounts.ondemand.com`. */
  origin: string;
  tenantId: string | null;
  /** ISO 8601 timestamp. */
  createdAt: string;
  extensionVersion: string;
  kinds: SystemKind[];
  systems: BundleEntry[];
  warnings: string[];
}

export type BundleEntry = BundleEntryOk | BundleEntryFailed;

export interface BundleEntryOk {
  status: 'ok';
  /** Path inside the zip, e.g. `source/My System.json`. */
  path: string;
  /** `null` for files without an id (templates). */
  id: string | null;
  name: string;
  kind: SystemKind;
  connectorTypeString: string;
  /** SHA-256 (hex) of the exact file bytes in the zip. */
  fileSha256: string;
  /** SHA-256 (hex) of the canonical record without volatile fields. */
  contentHash: string;
  /** Proxies only: the CSV export next to the JSON. */
  csvPath?: string;
}

export interface BundleEntryFailed {
  status: 'failed';
  id: string;
  name: string;
  kind: SystemKind;
  reason: string;
}

export const BUNDLE_FORMAT = 'ips-snapshots-bundle';
export const BUNDLE_FORMAT_VERSION = 1;

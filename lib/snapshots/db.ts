import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { SystemFile, SystemKind } from '@/lib/model/system';
import type { SnapshotTrigger } from '@/lib/messaging/protocol';

/**
 * The extension's store, in the background worker only (the extension's origin). Content-addressed:
 * full records are kept once per SHA-256 of their full canonical form; a snapshot is a manifest that
 * refers to them. Upgrade steps are append-only: never edit a released `if (oldVersion < N)` block.
 */
export const DB_NAME = 'ips-snapshots';
export const DB_VERSION = 1;
/** Format of the stored manifests and records; bumped with a migration in lib/snapshots/migrations. */
export const PAYLOAD_FORMAT = 1;

export interface StoredRecord {
  hash: string;
  format: number;
  record: SystemFile;
  /** UTF-8 size of the canonical form, for storage accounting. */
  size: number;
}

export type SnapshotEntry =
  | {
      status: 'ok';
      id: string;
      name: string;
      kind: SystemKind;
      connectorTypeString: string;
      contentHash: string;
      recordHash: string;
      fileSha256: string;
    }
  | { status: 'failed'; id: string; name: string; kind: SystemKind; reason: string };

export interface SnapshotManifest {
  id?: number;
  format: number;
  origin: string;
  tenantId: string | null;
  createdAt: string;
  trigger: SnapshotTrigger;
  label: string | null;
  note: string | null;
  pinned: boolean;
  extensionVersion: string;
  kinds: SystemKind[];
  systems: SnapshotEntry[];
}

export interface IpxDB extends DBSchema {
  records: { key: string; value: StoredRecord };
  snapshots: { key: number; value: SnapshotManifest; indexes: { byOrigin: [string, string] } };
}

let dbPromise: Promise<IDBPDatabase<IpxDB>> | null = null;

export function db(): Promise<IDBPDatabase<IpxDB>> {
  dbPromise ??= openDB<IpxDB>(DB_NAME, DB_VERSION, {
    upgrade(database, oldVersion) {
      if (oldVersion < 1) {
        database.createObjectStore('records', { keyPath: 'hash' });
        const snapshots = database.createObjectStore('snapshots', { keyPath: 'id', autoIncrement: true });
        snapshots.createIndex('byOrigin', ['origin', 'createdAt']);
      }
    },
    blocking() {
      // A newer version of the extension wants to upgrade: let it.
      void dbPromise?.then((d) => d.close());
      dbPromise = null;
    },
  });
  return dbPromise;
}

/** For tests: forget the open connection (e.g. after replacing `indexedDB`). */
export function resetDbConnection(): void {
  dbPromise = null;
}

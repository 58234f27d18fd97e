import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { SystemFile, SystemKind } from '@/lib/model/system';
import type { SnapshotTrigger } from '@/lib/messaging/protocol';
import type { Body, Entry, SnapshotHeader } from './format.ts';
import { migratePayloads } from './migrations/index.ts';

/**
 * The extension's store, in the background worker only (the extension's origin). Content-addressed:
 * full records are kept once per SHA-256 of their full canonical form; a snapshot is a manifest that
 * refers to them (lib/snapshots/format.ts). Upgrade steps are append-only: never edit a released step.
 * Payloads carry their own format; lib/snapshots/migrations brings old payloads up to date after open.
 */
export const DB_NAME = 'ips-snapshots';
export const DB_VERSION = 2;
/** Format of stored records (unchanged since the first release). */
export const RECORD_FORMAT = 1;

export interface StoredRecord {
  hash: string;
  format: number;
  record: SystemFile;
  /** UTF-8 size of the canonical form, for storage accounting. */
  size: number;
}

/** Payload format 1 (DB version 1): every manifest lists every system in full. Read only by migrations. */
export type EntryV1 =
  | { status: 'ok'; id: string; name: string; kind: SystemKind; connectorTypeString: string; contentHash: string; recordHash: string; fileSha256: string }
  | { status: 'failed'; id: string; name: string; kind: SystemKind; reason: string };

export interface ManifestV1 {
  id?: number;
  format: 1;
  origin: string;
  tenantId: string | null;
  createdAt: string;
  trigger: SnapshotTrigger;
  label: string | null;
  note: string | null;
  pinned: boolean;
  extensionVersion: string;
  kinds: SystemKind[];
  systems: EntryV1[];
}

/** Payload format 2: a keyframe or a delta (see format.ts), sealed, with the record hashes it keeps alive. */
export type Manifest = SnapshotHeader & {
  id?: number;
  format: 2;
  scope: string;
  label: string | null;
  note: string | null;
  pinned: boolean;
  counts: { ok: number; failed: number };
  /** UTF-8 bytes of the referenced records' canonical forms. */
  size: number;
  seal: string;
  /** Upper bound of the number of manifests behind this one in its chain. */
  depth: number;
  refs: string[];
  /** Problems found by the last full verification; null when it passed (or never ran). */
  damage: string[] | null;
} & Body;

export type StoredManifest = ManifestV1 | Manifest;
export type { Entry };

export interface IpxDB extends DBSchema {
  records: { key: string; value: StoredRecord };
  snapshots: {
    key: number;
    value: StoredManifest;
    indexes: {
      byOrigin: [string, string];
      byScope: [string, string, string];
      byCreated: string;
      byBase: number;
      byRef: string;
      byFormat: number;
    };
  };
}

export type Db = IDBPDatabase<IpxDB>;
export type UpgradeTx = IDBPTransaction<IpxDB, StoreNames<IpxDB>[], 'versionchange'>;

/** Append-only: step N brings a database of version N-1 to version N. */
const STEPS: Record<number, (database: Db, tx: UpgradeTx) => void> = {
  1(database) {
    database.createObjectStore('records', { keyPath: 'hash' });
    const snapshots = database.createObjectStore('snapshots', { keyPath: 'id', autoIncrement: true });
    snapshots.createIndex('byOrigin', ['origin', 'createdAt']);
  },
  2(_database, tx) {
    const snapshots = tx.objectStore('snapshots');
    snapshots.createIndex('byScope', ['origin', 'scope', 'createdAt']);
    snapshots.createIndex('byCreated', 'createdAt');
    snapshots.createIndex('byBase', 'base');
    snapshots.createIndex('byRef', 'refs', { multiEntry: true });
    // Format-1 manifests are indexed here too, so migrations find them without a scan.
    snapshots.createIndex('byFormat', 'format');
  },
};

export function upgrade(database: Db, oldVersion: number, newVersion: number, tx: UpgradeTx): void {
  for (let v = oldVersion + 1; v <= newVersion; v++) STEPS[v]!(database, tx);
}

let dbPromise: Promise<Db> | null = null;

export function db(): Promise<Db> {
  dbPromise ??= open().catch((e: unknown) => {
    dbPromise = null;
    throw e;
  });
  return dbPromise;
}

async function open(): Promise<Db> {
  const database = await openDB<IpxDB>(DB_NAME, DB_VERSION, {
    upgrade: (d, oldVersion, newVersion, tx) => upgrade(d, oldVersion, newVersion ?? DB_VERSION, tx),
    blocking() {
      // A newer version of the extension wants to upgrade: let it.
      void dbPromise?.then((d) => d.close());
      dbPromise = null;
    },
  });
  await migratePayloads(database);
  return database;
}

/** For tests: forget the open connection (e.g. after replacing `indexedDB`). */
export function resetDbConnection(): void {
  void dbPromise?.then((d) => d.close(), () => undefined);
  dbPromise = null;
}

import type { Db } from '../db.ts';
import { migrateFormat1 } from './format1.ts';

/**
 * Payload migrations, run once after the database opens and before anything reads it. Keyed by the
 * format they migrate from; each brings its payloads to the next format, in order. Append-only.
 */
const MIGRATIONS: Array<[from: number, migrate: (database: Db) => Promise<void>]> = [[1, migrateFormat1]];

export async function migratePayloads(database: Db): Promise<void> {
  for (const [from, migrate] of MIGRATIONS) {
    if ((await database.countFromIndex('snapshots', 'byFormat', from)) > 0) await migrate(database);
  }
}

import type { ConsoleClient } from '@/lib/console/api';
import { isFatal } from '@/lib/console/errors';
import type { SystemSummary } from '@/lib/console/profile';
import type { SystemFile, SystemKind } from '@/lib/model/system';
import type { IngestFailure, IngestFile } from '@/lib/messaging/protocol';
import { serializeSystemFile } from '@/lib/canonical/serialize';
import { runPool } from '@/lib/util/pool';
import { scrubSecrets } from './secrets.ts';

export interface CollectProgress {
  phase: 'listing' | 'exporting';
  done: number;
  total: number;
}

export interface CollectOptions {
  onProgress?: (p: CollectProgress) => void;
  /** Export only these system ids (the chooser); all when absent. */
  only?: ReadonlySet<string>;
  /** Also fetch the console's CSV export of each proxy (for SAP Identity Management). */
  proxyCsv?: boolean;
}

export interface CollectResult {
  files: IngestFile[];
  failed: IngestFailure[];
  /** For the admin: credential values dropped, names only. */
  warnings: string[];
  /** Extra files by `kind:id` (the proxy CSV). */
  extras: Map<string, { extension: string; text: string }>;
}

type Listed = SystemSummary & { kind: SystemKind };

/**
 * Lists and exports every system of the given kinds through the console's own Export. A system that
 * fails is recorded as failed and the others go on; only a fatal error (session expired, retry budget
 * spent, cancel) ends the whole run, and then nothing is returned.
 */
export async function collectExports(client: ConsoleClient, kinds: SystemKind[], options: CollectOptions = {}): Promise<CollectResult> {
  const listed: Listed[] = [];
  for (const kind of kinds) {
    options.onProgress?.({ phase: 'listing', done: 0, total: 0 });
    const systems = await client.listSystems(kind);
    listed.push(...systems.filter((s) => !options.only || options.only.has(s.id)).map((s) => ({ ...s, kind })));
  }
  const files: Array<IngestFile | undefined> = new Array(listed.length);
  const failed: IngestFailure[] = [];
  const warnings: string[] = [];
  const extras = new Map<string, { extension: string; text: string }>();
  let done = 0;
  options.onProgress?.({ phase: 'exporting', done, total: listed.length });
  await runPool(listed, client.budget.options.inFlight, async (system, i) => {
    try {
      const { file, dropped } = await exportOne(client, system);
      files[i] = file;
      if (options.proxyCsv && system.kind === 'proxy') {
        extras.set(`proxy:${system.id}`, { extension: '.csv', text: decodeUtf8(await client.exportSystem(system.id, 'csv')) });
      }
      if (dropped.length) {
        warnings.push(`The console returned credential values for "${system.name}" (${dropped.join(', ')}); they were dropped and are not in the bundle or the snapshot.`);
      }
    } catch (e) {
      if (isFatal(e)) throw e;
      failed.push({ kind: system.kind, id: system.id, name: system.name, reason: e instanceof Error ? e.message : String(e) });
    }
    options.onProgress?.({ phase: 'exporting', done: ++done, total: listed.length });
  });
  return { files: files.filter((f): f is IngestFile => !!f), failed, warnings, extras };
}

async function exportOne(client: ConsoleClient, system: Listed): Promise<{ file: IngestFile; dropped: string[] }> {
  let text = decodeUtf8(await client.exportSystem(system.id));
  let record: unknown;
  try {
    record = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new Error(`The console returned a file that is not JSON (${(e as Error).message}).`);
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    throw new Error('The console returned something that is not a system file.');
  }
  const { record: clean, dropped } = scrubSecrets(record as SystemFile);
  if (dropped.length) text = serializeSystemFile(clean);
  return { file: { kind: system.kind, id: system.id, name: system.name, text }, dropped };
}

/** Decodes the console's bytes exactly (a BOM is kept as U+FEFF so the file's hash stays the console's). */
function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new Error('The console returned a file that is not valid UTF-8.');
  }
}

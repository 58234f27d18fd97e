/**
 * The live tenant as the plan needs it, read in the content script: every system's list entry (names,
 * kinds, customer-managed counts) and the full record of each system a file may match, by name or id.
 * Credential values the console leaks are dropped here, before anything leaves the page.
 */
import { isFatal } from '../console/errors.ts';
import { scrubSecrets } from '../export/secrets.ts';
import { SYSTEM_KINDS, kindOfAccessMode, type SystemFile } from '../model/system.ts';
import type { WriteClient } from './apply.ts';
import type { LiveInput, LiveSystemInput, ReadView } from './messages.ts';

export interface LoadedLive {
  live: LiveInput;
  /** E.g. credential values the console returned and that were dropped (names only). */
  warnings: string[];
}

/** `onProgress(done, total)`: full records read so far (they go through the console budget, 120/min by default). */
export async function loadLive(
  client: Pick<WriteClient, 'listSystems' | 'getSystem'>,
  read: Pick<ReadView, 'items' | 'restore'>,
  onProgress?: (done: number, total: number) => void,
): Promise<LoadedLive> {
  const systems: LiveSystemInput[] = [];
  for (const kind of SYSTEM_KINDS) {
    for (const s of await client.listSystems(kind)) {
      systems.push({ id: s.id, name: s.name, accessMode: s.accessMode, systemManagementType: s.systemManagementType ?? null });
    }
  }
  const names = new Set(read.items.map((i) => i.name));
  const ids = new Set(read.items.flatMap((i) => (i.id ? [i.id] : [])));
  // A whole-snapshot restore lists the systems created since with their diff: all of those kinds are read.
  const every = new Set<string>(read.restore?.deleteKinds ?? []);
  const wanted = systems.filter((s) => names.has(s.name) || ids.has(s.id) || every.has(kindOfAccessMode(s.accessMode)));
  // The tenant id tells whether a single file comes from this tenant; any one record carries it.
  if (wanted.length === 0 && systems.length > 0) wanted.push(systems[0]!);
  const warnings: string[] = [];
  let done = 0;
  onProgress?.(0, wanted.length);
  await Promise.all(
    wanted.map(async (s) => {
      let raw: unknown;
      try {
        raw = await client.getSystem(s.id);
      } catch (e) {
        // A tenant-wide stop (expired session, refusals, cancel) says so itself; anything else names the system.
        if (e instanceof Error && !isFatal(e)) e.message = `Reading "${s.name}" from the console failed: ${e.message}`;
        throw e;
      }
      const { record, dropped } = scrubSecrets(raw as SystemFile);
      if (dropped.length) warnings.push(`The console returned credential values of "${s.name}" (${dropped.join(', ')}); they were dropped.`);
      s.record = record;
      onProgress?.(++done, wanted.length);
    }),
  );
  const tenantId = wanted.map((s) => s.record?.tenantId).find((t): t is string => typeof t === 'string') ?? null;
  return { live: { tenantId, systems }, warnings };
}

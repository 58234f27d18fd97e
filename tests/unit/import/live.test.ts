/** Reading the live tenant for a plan: which records are read, what a failed read says. */
import { describe, expect, it } from 'vitest';
import { ConsoleError, SessionExpiredError } from '@/lib/console/errors.ts';
import type { SystemSummary } from '@/lib/console/profile.ts';
import { loadLive } from '@/lib/import/live.ts';
import type { ReadView } from '@/lib/import/messages.ts';
import { kindOfAccessMode, type SystemFile, type SystemKind } from '@/lib/model/system.ts';
import { REAL_RECORDS } from './helpers.ts';

function consoleOf(records: SystemFile[], fail: Record<string, Error> = {}) {
  const reads: string[] = [];
  return {
    reads,
    listSystems: async (kind: SystemKind) =>
      records.filter((r) => kindOfAccessMode(r.accessMode) === kind).map((r): SystemSummary => ({ id: String(r.id), name: r.name, connectorTypeString: String(r.type), accessMode: r.accessMode, ...(r.systemManagementType ? { systemManagementType: r.systemManagementType } : {}) })),
    getSystem: async (id: string) => {
      reads.push(id);
      const r = records.find((x) => String(x.id) === id);
      if (fail[id]) throw fail[id];
      return structuredClone(r);
    },
  } as const;
}

const readOf = (records: SystemFile[], restore: ReadView['restore'] = undefined): Pick<ReadView, 'items' | 'restore'> =>
  ({ items: records.map((r) => ({ name: r.name, id: String(r.id), kind: kindOfAccessMode(r.accessMode) })), restore }) as unknown as Pick<ReadView, 'items' | 'restore'>;

describe('loadLive', () => {
  const records = REAL_RECORDS();
  const first = records[0]!;

  it('reads the full record only of the systems a file may match, and lists every system', async () => {
    const client = consoleOf(records);
    const progress: Array<[number, number]> = [];
    const { live } = await loadLive(client, readOf([first]), (d, t) => progress.push([d, t]));
    expect(client.reads).toEqual([String(first.id)]);
    expect(live.systems).toHaveLength(records.length);
    expect(live.tenantId).toBe(first.tenantId);
    expect(progress).toEqual([[0, 1], [1, 1]]);
  });

  it('a whole restore reads every system of the kinds it may delete', async () => {
    const client = consoleOf(records);
    const restore = { deleteKinds: ['target'] } as unknown as ReadView['restore'];
    await loadLive(client, readOf([first], restore));
    const targets = records.filter((r) => kindOfAccessMode(r.accessMode) === 'target').map((r) => String(r.id));
    expect(new Set(client.reads)).toEqual(new Set([String(first.id), ...targets]));
  });

  it('a failed read names the system; its code stays', async () => {
    const client = consoleOf(records, { [String(first.id)]: new ConsoleError('The console answered HTTP 500.', 'HTTP_ERROR', 500) });
    await expect(loadLive(client, readOf([first]))).rejects.toMatchObject({
      code: 'HTTP_ERROR',
      message: `Reading "${first.name}" from the console failed: The console answered HTTP 500.`,
    });
  });

  it('an expired session says so, without a system name', async () => {
    const client = consoleOf(records, { [String(first.id)]: new SessionExpiredError() });
    const error = await loadLive(client, readOf([first])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionExpiredError);
    expect((error as Error).message).toMatch(/^Your console session has expired/);
  });
});

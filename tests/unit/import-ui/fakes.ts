/** A fake console for the apply and undo loops: systems by id, a log of calls, injectable failures. */
import { contentHash } from '@/lib/canonical/hash.ts';
import type { SavedSystem } from '@/lib/console/api.ts';
import { ConsoleError, WriteOutcomeUnknownError } from '@/lib/console/errors.ts';
import type { SystemSummary } from '@/lib/console/profile.ts';
import type { WriteClient } from '@/lib/import/apply.ts';
import { kindOfAccessMode, type SystemFile, type SystemKind } from '@/lib/model/system.ts';

export class FakeConsole implements WriteClient {
  readonly systems = new Map<string, SystemFile>();
  readonly calls: string[] = [];
  /** Bodies as sent (for checking where typed secrets went). */
  readonly bodies: Array<{ method: string; body: unknown }> = [];
  /** Throws for the nth call of a method (`"PUT#1"`), or for every call of a method (`"POST"`). */
  readonly failures = new Map<string, Error>();
  private n = 0;
  private counts = new Map<string, number>();

  constructor(records: SystemFile[] = []) {
    for (const r of records) this.systems.set(String(r.id), structuredClone(r));
  }

  private hit(method: string, what: string): void {
    this.calls.push(`${method} ${what}`);
    const count = (this.counts.get(method) ?? 0) + 1;
    this.counts.set(method, count);
    const error = this.failures.get(`${method}#${count}`) ?? this.failures.get(method);
    if (error) throw error;
  }

  async listSystems(kind: SystemKind, filter?: string): Promise<SystemSummary[]> {
    this.hit('LIST', `${kind}:${filter ?? ''}`);
    return [...this.systems.values()]
      .filter((s) => kindOfAccessMode(s.accessMode) === kind && (!filter || s.name.toLowerCase().includes(filter.toLowerCase())))
      .map((s) => ({ id: String(s.id), name: s.name, connectorTypeString: s.connectorTypeString, accessMode: s.accessMode, systemManagementType: s.systemManagementType ?? undefined }));
  }

  async getSystem(id: string): Promise<unknown> {
    this.hit('GET', id);
    const s = this.systems.get(id);
    if (!s) throw new ConsoleError('No system', 'NOT_FOUND', 404);
    return structuredClone(s);
  }

  async createSystem(body: SystemFile): Promise<SavedSystem> {
    this.hit('POST', body.name);
    this.bodies.push({ method: 'POST', body: structuredClone(body) });
    const id = `new-${++this.n}`;
    this.systems.set(id, { ...structuredClone(body), id, encryptedProperties: nulls(body) });
    return { system: this.systems.get(id)!, warnings: [] };
  }

  async updateSystem(id: string, body: SystemFile, changeDescription?: string): Promise<SavedSystem> {
    this.hit('PUT', `${id}${changeDescription ? ` (${changeDescription})` : ''}`);
    this.bodies.push({ method: 'PUT', body: structuredClone(body) });
    this.systems.set(id, { ...structuredClone(body), id, encryptedProperties: nulls(body) });
    return { system: structuredClone(this.systems.get(id)!), warnings: ['a warning'] };
  }

  async deleteSystem(id: string): Promise<void> {
    this.hit('DELETE', id);
    this.systems.delete(id);
  }

  hashOf(id: string): Promise<string> {
    return contentHash(this.systems.get(id)!);
  }
}

/** A console whose answer to a POST is lost (502 after the write, or before it when `reallyCreates` is false). */
export class LosingConsole extends FakeConsole {
  constructor(private readonly reallyCreates: boolean) {
    super([]);
  }
  override async createSystem(body: SystemFile): Promise<SavedSystem> {
    if (this.reallyCreates) await super.createSystem(body);
    else this.calls.push(`POST ${body.name}`);
    throw new WriteOutcomeUnknownError(502);
  }
}

function nulls(body: SystemFile): Record<string, null> {
  return Object.fromEntries(Object.keys(body.encryptedProperties ?? {}).map((k) => [k, null]));
}

/** Shared set-up for the store tests: a fresh fake IndexedDB per test and snapshots of the real exports. */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import { db, resetDbConnection, type StoredManifest, type StoredRecord } from '@/lib/snapshots/db';
import { ingestExport } from '@/lib/snapshots/ingest';
import { getSnapshot } from '@/lib/snapshots/store';
import { kindOfAccessMode, type SystemFile, type SystemKind } from '@/lib/model/system';
import type { IngestFile, IngestResult } from '@/lib/messaging/protocol';

const DIR = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures');
export const ORIGIN = 'https://teched2025-00.accounts.ondemand.com';
export const ALL_KINDS: SystemKind[] = ['source', 'target', 'proxy'];

export function freshDb(): void {
  resetDbConnection();
  globalThis.indexedDB = new IDBFactory();
}

export function fixturePath(...parts: string[]): string {
  return join(DIR, ...parts);
}

/** The real exports (and SAP's templates), parsed; a fresh copy on every call. */
export function realSystems(): SystemFile[] {
  return readdirSync(fixturePath('real-exports'))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(fixturePath('real-exports', f), 'utf8').replace(/^\uFEFF/, '')) as SystemFile);
}

/** The same system with one property changed: a new full record. */
export function changed(system: SystemFile, value: string): SystemFile {
  return { ...system, properties: { ...(system.properties ?? {}), 'ips.test.marker': value } };
}

export function asFile(s: SystemFile): IngestFile {
  return { kind: kindOfAccessMode(s.accessMode), id: s.id ?? '', name: s.name, text: JSON.stringify(s, null, 4) };
}

let clock = Date.parse('2025-11-03T09:00:00.000Z');

/** The next snapshot is taken one minute after `iso`. */
export function setClock(iso: string): void {
  clock = Date.parse(iso);
}

/** Stores an export of `systems` as the background does, one minute after the previous one. */
export async function snapshot(systems: SystemFile[], options: { retention?: number; origin?: string; failed?: IngestFile[] } = {}): Promise<IngestResult> {
  clock += 60_000;
  const failed = (options.failed ?? []).map((f) => ({ kind: f.kind, id: f.id, name: f.name, reason: 'The console answered 500.' }));
  return ingestExport(
    { origin: options.origin ?? ORIGIN, trigger: 'export', kinds: ALL_KINDS, files: systems.map(asFile), failed, store: true },
    { extensionVersion: '0.2.0', retention: options.retention ?? 50, now: new Date(clock) },
  );
}

export async function storedId(systems: SystemFile[], options: Parameters<typeof snapshot>[1] = {}): Promise<number> {
  const r = await snapshot(systems, options);
  if (r.snapshotId === null) throw new Error(r.storeError ?? 'not stored');
  return r.snapshotId;
}

export async function allManifests(): Promise<StoredManifest[]> {
  return (await db()).getAll('snapshots');
}

export async function allRecords(): Promise<StoredRecord[]> {
  return (await db()).getAll('records');
}

/** Names → record hash of a stored snapshot, read (and verified) through the store. */
export async function contentOf(id: number): Promise<Record<string, string>> {
  const detail = await getSnapshot(id);
  return Object.fromEntries(detail.systems.map((s) => [`${s.kind}/${s.name}`, s.status === 'ok' ? s.recordHash : 'failed']));
}

/** Every stored record is referenced by some snapshot and every referenced record is stored. */
export async function expectNoOrphans(): Promise<void> {
  const referenced = new Set<string>();
  for (const m of await allManifests()) {
    const detail = await getSnapshot(m.id!);
    for (const s of detail.systems) if (s.status === 'ok') referenced.add(s.recordHash);
  }
  expect((await allRecords()).map((r) => r.hash).sort()).toEqual([...referenced].sort());
}

export function bytesOf(value: unknown): number {
  return new TextEncoder().encode(JSON.stringify(value)).length;
}

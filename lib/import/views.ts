/**
 * Pure functions from an import plan to what the dialog shows and what the apply and undo loops run:
 * plan rows with diff totals, one item's full diff, the ordered writes, the undo steps. No secrets.
 */
import { diffSystems } from '../diff/compute.ts';
import { summarizeSystem } from '../diff/summarize.ts';
import { sideBySideRows, textDiff } from '../diff/text.ts';
import type { DiffTotals } from '../diff/types.ts';
import type { SystemFile } from '../model/system.ts';
import type { ApplyStep, ImportScope, ItemDiffView, PlanItemView, PlanView, ReadView, UndoStep, WriteOutcome } from './messages.ts';
import { createBody } from './payload.ts';
import { planToWrites } from './plan.ts';
import { credentialNames } from './rules.ts';
import type { ImportAction, ImportItem, ImportPlan, LiveTenant, PlanItem, ReadResult } from './types.ts';

const ZERO: DiffTotals = { metadata: 0, properties: 0, credentials: 0, mappings: 0, other: 0, total: 0 };

export function readView(result: ReadResult): ReadView {
  return {
    items: result.items.map((i) => ({
      key: i.key,
      file: i.file,
      ...(i.path === undefined ? {} : { path: i.path }),
      kind: i.kind,
      name: i.name,
      id: typeof i.record.id === 'string' ? i.record.id : null,
    })),
    invalid: result.invalid,
    notes: result.notes,
    duplicates: result.duplicates,
    bundles: result.bundles.map(({ file, manifest }) => ({ file, origin: manifest.origin, tenantId: manifest.tenantId, createdAt: manifest.createdAt })),
  };
}

/** The two sides an item's diff compares: the live system it updates (or matched) and what is written. */
export function diffSides(item: PlanItem, live: LiveTenant): { left: SystemFile | null; right: SystemFile | null } {
  const matched = item.match ? (live.systems.find((s) => s.id === item.match!.id)?.record ?? null) : null;
  // A system only in the tenant: what a deletion removes (kept, it changes nothing).
  if (item.onlyInTenant) return { left: matched ?? item.record, right: item.action === 'delete' ? null : (matched ?? item.record) };
  const creates = item.action === 'create' || item.action === 'copy';
  const right = item.action === 'copy' ? { ...item.record, name: item.copyName } : item.record;
  return { left: creates ? null : matched, right };
}

export function planView(plan: ImportPlan, live: LiveTenant, scope: ImportScope, read: ReadView): PlanView {
  const counts: Record<ImportAction, number> = { create: 0, update: 0, copy: 0, skip: 0, delete: 0 };
  const totals = { ...ZERO };
  const items = plan.items.map((item): PlanItemView => {
    const { left, right } = diffSides(item, live);
    const diff = diffSystems(left, right);
    counts[item.action] += 1;
    if (item.action !== 'skip') for (const k of Object.keys(totals) as Array<keyof DiffTotals>) totals[k] += diff.totals[k];
    const { record: _record, ...rest } = item;
    return { ...rest, credentialNames: credentialNames(item.record), diffStatus: diff.status, summary: summarizeSystem(diff), totals: diff.totals };
  });
  return { origin: plan.context.origin, scope, items, blocked: plan.blocked, counts, totals, read, restore: read.restore ?? null };
}

export function itemDiff(plan: ImportPlan, live: LiveTenant, key: string, showVolatile: boolean): ItemDiffView {
  const item = plan.items.find((i) => i.key === key);
  if (!item) throw new Error(`No system "${key}" in this plan; read the files (or start the restore) again.`);
  const { left, right } = diffSides(item, live);
  const text = textDiff(left, right, { showVolatile });
  return {
    key,
    against: left && item.match ? { id: item.match.id, name: item.match.name } : null,
    diff: diffSystems(left, right, { showVolatile }),
    hunks: text.hunks,
    sideBySide: text.hunks.map(sideBySideRows),
  };
}

export function applySteps(plan: ImportPlan): ApplyStep[] {
  const byKey = new Map(plan.items.map((i) => [i.key, i]));
  return planToWrites(plan).map((w) => {
    const item = byKey.get(w.key)!;
    return {
      key: w.key,
      kind: w.kind,
      name: item.finalName,
      method: w.method,
      ...(w.systemId === undefined ? {} : { systemId: w.systemId }),
      body: w.body,
      credentialNames: w.credentialNames,
      ...(w.changeDescription === undefined ? {} : { changeDescription: w.changeDescription }),
      ...(w.method !== 'POST' && item.match ? { expectHash: item.match.contentHash } : {}),
    };
  });
}

/** The live records an apply will overwrite or delete: what the pre-image snapshot keeps. */
export function preImageRecords(steps: ApplyStep[], live: LiveTenant): SystemFile[] {
  const ids = new Set(steps.filter((s) => s.method !== 'POST').map((s) => s.systemId));
  return live.systems.filter((s) => ids.has(s.id)).map((s) => s.record);
}

/**
 * Undo, newest write first (targets before the sources they link): PUT the pre-image back over each
 * updated system, DELETE each created one, create each deleted one again from its pre-image. Credential
 * values are `null` (kept), unless the import changed the URL: then the console wants them again; a
 * system created again needs all of them (a deletion took them with it).
 */
export function undoSteps(plan: ImportPlan, steps: ApplyStep[], outcomes: Record<string, WriteOutcome>, live: LiveTenant, date: string, what: 'import' | 'restore' = 'import'): UndoStep[] {
  const byKey = new Map(plan.items.map((i) => [i.key, i]));
  const undo: UndoStep[] = [];
  for (const step of [...steps].reverse()) {
    const outcome = outcomes[step.key];
    if (!outcome || (outcome.status !== 'created' && outcome.status !== 'updated' && outcome.status !== 'deleted')) continue;
    if (outcome.status === 'deleted') {
      const before = live.systems.find((s) => s.id === outcome.id)?.record;
      if (before) undo.push({ key: step.key, kind: step.kind, name: String(before.name), method: 'POST', systemId: outcome.id, body: createBody(before), credentialNames: credentialNames(before), expectHash: '' });
      continue;
    }
    const common = { key: step.key, kind: step.kind, name: step.name, systemId: outcome.id, expectHash: outcome.contentHash };
    if (outcome.status === 'created') {
      undo.push({ ...common, method: 'DELETE', credentialNames: [] });
      continue;
    }
    const item = byKey.get(step.key)!;
    const before = live.systems.find((s) => s.id === outcome.id)?.record;
    if (!before) continue;
    const description = item.transformationChanged ? { changeDescription: `Undo of the ${what} of ${date} with IPS Snapshots: transformation as before the ${what}` } : {};
    const body = 'encryptedProperties' in before ? ({ ...before, encryptedProperties: nullCredentials(before) } as SystemFile) : before;
    undo.push({ ...common, name: String(before.name), method: 'PUT', body, ...description, credentialNames: item.urlChanged ? credentialNames(before) : [] });
  }
  return undo;
}

function nullCredentials(record: SystemFile): Record<string, null> {
  return Object.fromEntries(credentialNames(record).map((n) => [n, null]));
}

/** Items as kept between messages: the file text is not needed after reading. */
export function withoutTexts(items: ImportItem[]): ImportItem[] {
  return items.map((i) => ({ ...i, text: '' }));
}

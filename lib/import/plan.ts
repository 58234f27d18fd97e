/**
 * The import plan (a dry run): pure functions from the read items and the live tenant to a proposal per
 * system, then decisions, then an ordered list of writes without secrets. Nothing here calls the console:
 * "plan (pure) → confirm (UI) → apply (adapter)".
 *
 * Matching (console-contract.md §6): by (kind, name); by id first when the file comes from this tenant
 * (§1: bundle origin = live origin, or a single file's tenantId = the live tenantId). A file's kind is
 * fixed by its accessMode; it is only ever matched to, created as or updated as that kind.
 * Names are treated as unique across kinds (the console's scope of uniqueness is not documented).
 */
import { SYSTEM_KINDS, kindOfAccessMode, type SystemFile, type SystemKind } from '../model/system.ts';
import { checkPlan } from './check.ts';
import { createBody, updateBody } from './payload.ts';
import {
  credentialNames,
  defaultChangeDescription,
  isCustomerManaged,
  suggestCopyName,
  TRANSFORMATION_KEYS,
  transformationChanged,
  urlChanged,
} from './rules.ts';
import type { RestorePart } from './messages.ts';
import type { Decision, ImportAction, ImportItem, ImportPlan, LiveSystem, LiveTenant, PlanContext, PlanItem, PlannedWrite } from './types.ts';

/** A restore of a snapshot: what differs from an import of files. */
export interface RestorePlanOptions {
  /** Only this part of the (one) system is restored; its items already hold the merged record. */
  part?: RestorePart | null;
  /** The whole snapshot: live systems of these kinds it does not hold become rows that may be deleted. */
  deleteKinds?: SystemKind[];
  /** Names never offered for deletion (systems the snapshot failed to export). */
  keepNames?: string[];
  /** For the prefilled change description, e.g. "snapshot #12 of 2026-12-01". */
  source?: string;
}

export interface PlanInput {
  items: ImportItem[];
  live: LiveTenant;
  /** The page the import runs on; items of another kind are refused. Absent: every kind. */
  targetKind?: SystemKind;
  /** For the prefilled change description; the plan reads no clock of its own when given. */
  now?: Date;
  restore?: RestorePlanOptions;
}

interface Found {
  system: LiveSystem | null;
  by: 'id' | 'name';
  /** A live system of another kind with the item's name (or id). */
  clash: LiveSystem | null;
}

export function planImport(input: PlanInput): ImportPlan {
  const context = buildContext(input.live, input.now ?? new Date());
  const items = markIdenticalDuplicates(input.items.map((item) => planItem(item, input, context)));
  const rank = (kind: SystemKind) => SYSTEM_KINDS.indexOf(kind);
  // Stable: sources, then targets (they link sources by name), then proxies; input order within a kind.
  const ordered = items.map((item, index) => ({ item, index })).sort((a, b) => rank(a.item.kind) - rank(b.item.kind) || a.index - b.index);
  // Deletions come last, proxies and targets before the sources they may link.
  const removals = deletionCandidates(ordered.map((o) => o.item), input, context);
  return checkPlan([...ordered.map((o) => o.item), ...removals], context);
}

/**
 * A whole-snapshot restore: the live systems of the snapshot's kinds that no item matches were created
 * since the snapshot (or renamed). Each is a row the admin may tick for deletion; it is never proposed.
 */
function deletionCandidates(items: PlanItem[], input: PlanInput, context: PlanContext): PlanItem[] {
  const kinds = input.restore?.deleteKinds ?? [];
  if (kinds.length === 0) return [];
  const matched = new Set(items.flatMap((i) => (i.match ? [i.match.id] : [])));
  const keep = new Set(input.restore?.keepNames ?? []);
  const rank = (kind: SystemKind) => -SYSTEM_KINDS.indexOf(kind);
  return input.live.systems
    .filter((s) => s.contentHash !== '' && kinds.includes(kindOfAccessMode(s.accessMode)) && !matched.has(s.id) && !keep.has(s.name))
    .sort((a, b) => rank(kindOfAccessMode(a.accessMode)) - rank(kindOfAccessMode(b.accessMode)) || a.name.localeCompare(b.name))
    .map((s): PlanItem => ({
      key: `tenant:${s.id}`,
      file: 'only in the tenant',
      kind: kindOfAccessMode(s.accessMode),
      name: s.name,
      contentHash: s.contentHash,
      integrity: 'unchecked',
      fromThisTenant: true,
      onlyInTenant: true,
      match: { id: s.id, name: s.name, by: 'id', contentHash: s.contentHash, tenantId: s.record.tenantId, fromImport: s.record.fromImport },
      identical: false,
      renames: false,
      urlChanged: false,
      transformationChanged: false,
      wrongPage: null,
      kindClash: null,
      typeChange: null,
      duplicateOf: null,
      updateCredentials: [],
      available: ['delete', 'skip'],
      proposed: 'skip',
      action: 'skip',
      suggestedCopyName: s.name,
      copyName: s.name,
      finalName: s.name,
      credentialsNeeded: [],
      changeDescriptionNeeded: false,
      changeDescription: '',
      acceptIntegrityMismatch: false,
      problems: [],
      record: s.record,
    }));
}

/**
 * The record a partial restore writes: the live system with only its properties (or only its
 * transformations) taken from the snapshot. Key order of the live record is kept; a transformation the
 * snapshot did not have is removed (a PUT replaces the editable fields).
 */
export function mergePart(live: SystemFile, snapshot: SystemFile, part: RestorePart): SystemFile {
  const keys: readonly string[] = part === 'properties' ? ['properties'] : TRANSFORMATION_KEYS;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(live)) {
    if (!keys.includes(key)) out[key] = value;
    else if (snapshot[key] !== undefined) out[key] = snapshot[key];
  }
  for (const key of keys) if (!(key in out) && snapshot[key] !== undefined) out[key] = snapshot[key];
  return out as SystemFile;
}

/** The live system an item would be matched with (what a partial restore merges into). */
export function matchedLive(item: ImportItem, live: LiveTenant): LiveSystem | null {
  return findMatch(item, live, comesFromTenant(item, live)).system;
}

/** The admin's choices, keyed by item key; keys of items not in the plan are ignored. */
export function applyDecisions(plan: ImportPlan, decisions: Record<string, Decision>): ImportPlan {
  const items = plan.items.map((item): PlanItem => {
    const decision = Object.hasOwn(decisions, item.key) ? decisions[item.key] : undefined;
    if (!decision) return item;
    return {
      ...item,
      action: decision.action,
      copyName: decision.copyName ?? item.copyName,
      changeDescription: decision.changeDescription ?? item.changeDescription,
      acceptIntegrityMismatch: decision.acceptIntegrityMismatch ?? item.acceptIntegrityMismatch,
    };
  });
  return checkPlan(items, plan.context);
}

/** The writes in apply order, without secrets. Throws for a blocked plan: the UI must not offer Apply. */
export function planToWrites(plan: ImportPlan): PlannedWrite[] {
  if (plan.blocked) throw new Error('The import plan has blocking problems; resolve them before applying');
  return plan.items.filter((item) => item.action !== 'skip').map(toWrite);
}

function toWrite(item: PlanItem): PlannedWrite {
  const common = { key: item.key, kind: item.kind, credentialNames: item.credentialsNeeded };
  if (item.action === 'delete' && item.match) return { ...common, method: 'DELETE', systemId: item.match.id, body: item.record };
  if (item.action === 'update' && item.match) {
    const body = updateBody(item.record, item.match);
    const description = item.changeDescriptionNeeded ? { changeDescription: item.changeDescription.trim() } : {};
    return { ...common, method: 'PUT', systemId: item.match.id, body, ...description };
  }
  return { ...common, method: 'POST', body: createBody(item.record, item.finalName) };
}

function buildContext(live: LiveTenant, now: Date): PlanContext {
  const customerManaged: Record<SystemKind, number> = { source: 0, target: 0, proxy: 0 };
  const liveNames = live.systems.map((s) => ({ id: s.id, name: s.name, kind: kindOfAccessMode(s.accessMode) }));
  for (const s of live.systems) if (isCustomerManaged(s.systemManagementType)) customerManaged[kindOfAccessMode(s.accessMode)]++;
  return { origin: live.origin, liveNames, customerManaged, date: now.toISOString().slice(0, 10) };
}

function comesFromTenant(item: ImportItem, live: LiveTenant): boolean {
  if (item.bundle) return item.bundle.origin === live.origin;
  return item.record.tenantId != null && item.record.tenantId === live.tenantId;
}

function findMatch(item: ImportItem, live: LiveTenant, fromThisTenant: boolean): Found {
  const id = item.record.id;
  const byId = fromThisTenant && id ? live.systems.find((s) => s.id === id) : undefined;
  if (byId) {
    return kindOfAccessMode(byId.accessMode) === item.kind ? { system: byId, by: 'id', clash: null } : { system: null, by: 'id', clash: byId };
  }
  const named = live.systems.filter((s) => s.name === item.name);
  const same = named.find((s) => kindOfAccessMode(s.accessMode) === item.kind);
  return { system: same ?? null, by: 'name', clash: same ? null : (named[0] ?? null) };
}

function planItem(item: ImportItem, input: PlanInput, context: PlanContext): PlanItem {
  const fromThisTenant = comesFromTenant(item, input.live);
  const found = findMatch(item, input.live, fromThisTenant);
  const wrongPage = input.targetKind !== undefined && input.targetKind !== item.kind ? input.targetKind : null;
  const kindClash = found.clash ? { kind: kindOfAccessMode(found.clash.accessMode), name: found.clash.name } : null;
  const compared = compareWithLive(item, found);
  // A part of a system can only be put back into that system.
  const partOnly = Boolean(input.restore?.part);
  const actions = availableActions(wrongPage !== null, found.system !== null, kindClash !== null || compared.typeChange !== null);
  // A part goes back into the system it came from: no new system, no renamed copy.
  const available = partOnly ? actions.filter((a) => a === 'update' || a === 'skip') : actions;
  const proposed = propose(available, compared.identical, item.integrity === 'mismatch');
  const copyName = suggestCopyName(item.name, context.liveNames.map((n) => n.name));
  return {
    key: item.key,
    file: item.file,
    ...(item.path === undefined ? {} : { path: item.path }),
    kind: item.kind,
    name: item.name,
    contentHash: item.contentHash,
    integrity: item.integrity,
    ...(item.integrityDetail === undefined ? {} : { integrityDetail: item.integrityDetail }),
    fromThisTenant,
    onlyInTenant: false,
    ...(partOnly && !found.system ? { partUnmatched: true } : {}),
    ...compared,
    wrongPage,
    kindClash,
    duplicateOf: null,
    available,
    proposed,
    action: proposed,
    suggestedCopyName: copyName,
    copyName,
    finalName: item.name,
    credentialsNeeded: [],
    changeDescriptionNeeded: false,
    changeDescription: defaultChangeDescription(input.restore?.source ?? (item.path ? `${item.path} in ${item.file}` : item.file), context.date, input.restore ? 'Restored' : 'Imported'),
    acceptIntegrityMismatch: false,
    problems: [],
    record: item.record,
  };
}

type Compared = Pick<PlanItem, 'match' | 'identical' | 'renames' | 'urlChanged' | 'transformationChanged' | 'updateCredentials' | 'typeChange'>;

function compareWithLive(item: ImportItem, found: Found): Compared {
  const live = found.system;
  if (!live) return { match: null, identical: false, renames: false, urlChanged: false, transformationChanged: false, updateCredentials: [], typeChange: null };
  const types = { live: live.record.connectorTypeString, file: item.record.connectorTypeString };
  const { tenantId, fromImport } = live.record;
  const urlDiffers = urlChanged(item.record, live.record);
  const known = new Set(credentialNames(live.record));
  const credentials = credentialNames(item.record);
  return {
    match: { id: live.id, name: live.name, by: found.by, contentHash: live.contentHash, tenantId, fromImport },
    identical: live.contentHash === item.contentHash,
    renames: live.name !== item.name,
    urlChanged: urlDiffers,
    transformationChanged: transformationChanged(item.record, live.record),
    updateCredentials: urlDiffers ? credentials : credentials.filter((name) => !known.has(name)),
    typeChange: types.live === types.file ? null : types,
  };
}

/** `fixed`: the live system can't take this file (another kind or connector type), only a copy can. */
function availableActions(wrongPage: boolean, matched: boolean, fixed: boolean): ImportAction[] {
  if (wrongPage) return ['skip'];
  if (fixed) return ['copy', 'skip'];
  if (matched) return ['update', 'copy', 'skip'];
  return ['create', 'copy', 'skip'];
}

/** A file that fails its integrity check is never proposed for import. */
function propose(available: ImportAction[], identical: boolean, mismatch: boolean): ImportAction {
  if (mismatch || identical) return 'skip';
  if (available.includes('update')) return 'update';
  return available.includes('create') ? 'create' : 'skip';
}

/** The same system twice with the same content: the later ones are proposed as skip. */
function markIdenticalDuplicates(items: PlanItem[]): PlanItem[] {
  const first = new Map<string, string>();
  return items.map((item) => {
    const id = `${item.kind}\u0000${item.name}\u0000${item.contentHash}`;
    const earlier = first.get(id);
    if (earlier === undefined) first.set(id, item.key);
    return earlier === undefined ? item : { ...item, duplicateOf: earlier, proposed: 'skip', action: 'skip' };
  });
}

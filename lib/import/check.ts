/**
 * (Re-)validation of a plan: derives what the chosen actions need (final name, credentials, change
 * description) and lists the problems. An `error` on an item whose action is not `skip` blocks the
 * whole plan; a skipped item keeps its errors only as the explanation why it can't be imported.
 */
import type { SystemKind } from '../model/system.ts';
import { CUSTOMER_MANAGED_LIMITS, credentialNames, nameProblem } from './rules.ts';
import type { ImportPlan, PlanContext, PlanItem, Problem } from './types.ts';

const error = (code: Problem['code'], message: string): Problem => ({ code, level: 'error', message });
const warning = (code: Problem['code'], message: string): Problem => ({ code, level: 'warning', message });

export function checkPlan(items: PlanItem[], context: PlanContext): ImportPlan {
  const derived = items.map((item) => {
    const full = derive(item);
    return { ...full, problems: itemProblems(full, context) };
  });
  const checked = derived.map((item) => ({ ...item, problems: [...item.problems, ...crossProblems(item, derived, context)] }));
  const blocked = checked.some((item) => item.action !== 'skip' && item.problems.some((p) => p.level === 'error'));
  return { items: checked, context, blocked };
}

function derive(item: PlanItem): PlanItem {
  const creates = item.action === 'create' || item.action === 'copy';
  // A deletion needs nothing: the credentials go with the system.
  const credentialsNeeded = creates ? credentialNames(item.record) : item.action === 'update' ? item.updateCredentials : [];
  return {
    ...item,
    finalName: item.action === 'copy' ? item.copyName : item.name,
    credentialsNeeded,
    changeDescriptionNeeded: item.action === 'update' && item.transformationChanged,
  };
}

function itemProblems(item: PlanItem, context: PlanContext): Problem[] {
  const problems: Problem[] = [];
  if (item.wrongPage) problems.push(error('wrong-page', `a ${item.kind} cannot be imported as a ${item.wrongPage}: import "${item.name}" on the ${item.kind} systems page`));
  if (item.kindClash) {
    const { kind } = item.kindClash;
    problems.push(error('kind-mismatch', `the tenant has a ${kind} named "${item.kindClash.name}"; a ${item.kind} cannot be imported as a ${kind}. Import it as a renamed copy or skip it`));
  }
  if (item.typeChange) {
    const { live, file } = item.typeChange;
    problems.push(error('type-mismatch', `"${item.name}" is a ${live} system in the tenant but the file holds ${file}; the type can't change. Import it as a renamed copy or skip it`));
  }
  if (item.partUnmatched) problems.push(error('part-unmatched', `"${item.name}" is no longer in the tenant, so a part of it can't be put back on its own: restore the whole system instead`));
  if (item.integrity === 'mismatch') problems.push(integrityProblem(item));
  if (item.duplicateOf) problems.push(warning('duplicate', `the same system with the same content as ${item.duplicateOf}; skipped`));
  if (!item.available.includes(item.action)) problems.push(error('action-unavailable', `"${item.action}" is not possible for "${item.name}"`));
  if (item.action !== 'skip' && item.action !== 'delete') problems.push(...nameProblems(item, context));
  if (item.changeDescriptionNeeded && item.changeDescription.trim() === '') {
    problems.push(error('change-description', 'the transformation changes: the console requires a change description'));
  }
  return problems;
}

function integrityProblem(item: PlanItem): Problem {
  const detail = item.integrityDetail ?? 'the file does not match its bundle manifest';
  if (item.action === 'skip' || item.acceptIntegrityMismatch) return warning('integrity', detail);
  return error('integrity', `${detail}. It is imported only if you explicitly accept that`);
}

/** Name rules and free names, only where the action gives the system a new name. */
function nameProblems(item: PlanItem, context: PlanContext): Problem[] {
  const newName = item.action !== 'update' || item.renames;
  if (!newName) return [];
  const rule = nameProblem(item.finalName);
  if (rule) return [error('name-rule', `"${item.finalName}": ${rule}`)];
  const taken = context.liveNames.find((n) => n.name === item.finalName && n.id !== item.match?.id);
  return taken ? [error('name-taken', `the tenant already has a ${taken.kind} named "${item.finalName}"; choose another name`)] : [];
}

function crossProblems(item: PlanItem, all: PlanItem[], context: PlanContext): Problem[] {
  if (item.action === 'skip') return [];
  if (item.action === 'delete') return [linkedSourceProblem(item, all)].filter((p): p is Problem => p !== null);
  return [clashProblem(item, all), limitProblem(item, all, context), missingSourcesProblem(item, all, context)].filter(
    (p): p is Problem => p !== null,
  );
}

/** Two writes of this plan that would give two systems one name, or update one system twice. */
function clashProblem(item: PlanItem, all: PlanItem[]): Problem | null {
  const others = all.filter(
    (o) => o !== item && o.action !== 'skip' && o.action !== 'delete' && (o.finalName === item.finalName || (o.action === 'update' && item.action === 'update' && o.match?.id === item.match?.id)),
  );
  if (others.length === 0) return null;
  const keys = others.map((o) => o.key).join(', ');
  return error('name-clash', `"${item.finalName}" is also written by ${keys} of this import: skip all but one, or import the others as copies`);
}

function limitProblem(item: PlanItem, all: PlanItem[], context: PlanContext): Problem | null {
  const limit = CUSTOMER_MANAGED_LIMITS[item.kind];
  if (limit === null || (item.action !== 'create' && item.action !== 'copy')) return null;
  const creating = all.filter((o) => o.kind === item.kind && (o.action === 'create' || o.action === 'copy')).length;
  const used = context.customerManaged[item.kind];
  if (used + creating <= limit) return null;
  return error(
    'limit',
    `the tenant has ${used} of ${limit} customer-managed ${item.kind} systems and this import would create ${creating} more: skip ${used + creating - limit} of them or delete systems first`,
  );
}

/** relatedSystems names a target links that neither the tenant nor this plan will have. */
function missingSourcesProblem(item: PlanItem, all: PlanItem[], context: PlanContext): Problem | null {
  const related = item.kind === 'target' ? (item.record.relatedSystems ?? []) : [];
  const sources = (kind: SystemKind) => all.filter((o) => o.kind === kind);
  const deleted = new Set(sources('source').filter((o) => o.action === 'delete').map((o) => o.name));
  const present = new Set([
    ...context.liveNames.filter((n) => n.kind === 'source' && !deleted.has(n.name)).map((n) => n.name),
    ...sources('source').filter((o) => o.action !== 'skip' && o.action !== 'delete').map((o) => o.finalName),
  ]);
  const missing = related.filter((name) => !present.has(name));
  if (missing.length === 0) return null;
  const importable = new Set(sources('source').filter((o) => !o.onlyInTenant).map((o) => o.name));
  const offerSources = missing.filter((name) => importable.has(name));
  const list = missing.map((n) => `"${n}"`).join(', ');
  const offer = offerSources.length ? ` This import holds ${offerSources.map((n) => `"${n}"`).join(', ')}: import it first (sources are applied before targets).` : '';
  return { code: 'missing-sources', level: 'warning', message: `linked source systems ${list} don't exist in the tenant; the console drops those links.${offer}`, offerSources };
}

/** Deleting a source that a target written by this restore still links: the console drops that link. */
function linkedSourceProblem(item: PlanItem, all: PlanItem[]): Problem | null {
  if (item.kind !== 'source') return null;
  const linking = all.filter((o) => o.kind === 'target' && o.action !== 'skip' && o.action !== 'delete' && (o.record.relatedSystems ?? []).includes(item.name));
  if (linking.length === 0) return null;
  const names = linking.map((o) => `"${o.finalName}"`).join(', ');
  return warning('linked-source', `${names} of this restore link${linking.length === 1 ? 's' : ''} this source; after the deletion the console drops that link`);
}

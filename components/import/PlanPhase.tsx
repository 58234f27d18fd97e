import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { ImportScope, PlanView, RestoreView } from '@/lib/import/messages';
import { KIND_PLURAL, plural, type PhaseProps } from './common.ts';
import { InvalidFiles } from './InvalidFiles.tsx';
import { PlanTable, isUnchanged } from './PlanTable.tsx';
import { SecretInputs, missingSecrets, type SecretField } from './SecretInputs.tsx';

function secretFields(plan: PlanView): SecretField[] {
  const fields: SecretField[] = [];
  for (const item of plan.items) {
    if (item.action === 'skip') continue;
    const needed = new Set(item.credentialsNeeded);
    for (const name of needed) fields.push({ key: item.key, systemName: item.finalName, name, required: true });
    // An update keeps the stored secrets unless the admin replaces them.
    if (item.action === 'update') {
      for (const name of item.credentialNames) if (!needed.has(name)) fields.push({ key: item.key, systemName: item.finalName, name, required: false });
    }
  }
  return fields;
}

function applySentence(plan: PlanView, origin: string): string {
  const creates = plan.counts.create + plan.counts.copy;
  const parts = [creates && plural(creates, 'create'), plan.counts.update && plural(plan.counts.update, 'update'), plan.counts.delete && plural(plan.counts.delete, 'deletion')].filter(Boolean);
  const last = parts.length > 1 ? ` and ${parts.pop()}` : '';
  return `Apply ${parts.join(', ')}${last} to ${origin}?`;
}

function confirmNote(plan: PlanView): string {
  if (plan.counts.update || plan.counts.delete) return `A snapshot of the systems that change${plan.counts.delete ? ' or are deleted' : ''} is kept first; Undo restores them.`;
  return `Undo deletes what the ${plan.restore ? 'restore' : 'import'} creates.`;
}

/** The dry run: plan table, diffs, change descriptions, credentials, then Apply with a confirm step. */
export function PlanPhase({ flow, state, secrets, setSecret, plan, onClose }: PhaseProps & { plan: PlanView }) {
  const [confirming, setConfirming] = useState(false);
  // A restore lists every system of the snapshot; most are usually unchanged.
  const [hideIdentical, setHideIdentical] = useState(plan.restore !== null);
  const unchanged = plan.items.filter(isUnchanged).length;
  const fields = secretFields(plan);
  const missing = missingSecrets(fields, secrets);
  const writes = plan.counts.create + plan.counts.copy + plan.counts.update + plan.counts.delete;
  const restore = plan.restore;
  const removable = plan.items.filter((i) => i.onlyInTenant).length;
  const errors = plan.items.filter((i) => i.action !== 'skip' && i.problems.some((p) => p.level === 'error')).length;
  const otherKinds = plan.items.filter((i) => i.wrongPage !== null).length;
  const describe = plan.items.filter((i) => i.action !== 'skip' && i.changeDescriptionNeeded);
  const why = errors ? `${plural(errors, 'system')} with blocking problems: change the action or skip ${errors === 1 ? 'it' : 'them'}.` : writes === 0 ? 'Nothing to apply: every system is skipped.' : missing ? `Type ${plural(missing, 'required credential')}.` : null;
  useEffect(() => setConfirming(false), [plan]);
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => (confirming ? confirm.current?.focus() : undefined), [confirming]);
  const loadDiff = useCallback((key: string, volatile: boolean) => flow.diff(key, volatile), [flow]);
  return (
    <>
      <div class="ipx-dialog-tools ipx-flush">
        {restore ? (
          <span class="ipx-strong" data-testid="ipx-restore-what">{restoreTitle(restore)}</span>
        ) : (
          <label>
            Import{' '}
            <select class="ipx-select" data-testid="ipx-import-scope" value={plan.scope} disabled={state.busy} onChange={(e) => void flow.setScope((e.target as HTMLSelectElement).value as ImportScope)}>
              <option value={flow.pageKind}>only {KIND_PLURAL[flow.pageKind].toLowerCase()} (this page)</option>
              <option value="all">every kind in the files</option>
            </select>
          </label>
        )}
        <span class="ipx-grow" data-testid="ipx-import-totals">
          {plural(plan.items.length, 'system')}: {plural(plan.counts.create, 'create')}, {plural(plan.counts.update, 'update')}, {plural(plan.counts.copy, 'copy', 'copies')}{restore && removable ? `, ${plural(plan.counts.delete, 'deletion')}` : ''}, {plan.counts.skip} skipped · {plural(plan.totals.total, 'change')} ({plan.totals.metadata} metadata, {plural(plan.totals.properties, 'property', 'properties')}, {plural(plan.totals.credentials, 'credential')}, {plural(plan.totals.mappings, 'mapping')}, {plan.totals.other} other)
        </span>
        {restore ? (
          <button type="button" class="ipx-btn" data-testid="ipx-restore-cancel" disabled={state.busy} onClick={() => void flow.discard().then(onClose)}>Cancel restore</button>
        ) : (
          <button type="button" class="ipx-btn" data-testid="ipx-import-restart" disabled={state.busy} onClick={() => void flow.discard()}>Choose other files</button>
        )}
      </div>
      <p class="ipx-msg ipx-info" data-testid="ipx-import-dryrun">Preview only: nothing has been written. Check each system’s diff, then apply.</p>
      {restore && removable > 0 && (
        <p class="ipx-msg ipx-info" data-testid="ipx-restore-removable">
          {plural(removable, 'system')} of the tenant {removable === 1 ? 'is' : 'are'} not in the snapshot (created or renamed since). {removable === 1 ? 'It is' : 'They are'} kept unless you tick “Delete” in {removable === 1 ? 'its' : 'their'} row.
        </p>
      )}
      {state.restored && (
        <p class="ipx-msg ipx-info" data-testid="ipx-import-restored">
          This plan was prepared before the page was reloaded. The tenant may have changed since: every system is read again just before its write and skipped if it changed. {restore ? 'Start the restore again from the popup' : 'Choose the files again'} for a fresh diff.
        </p>
      )}
      {plan.read.notes.map((n, i) => <p key={i} class="ipx-msg ipx-info">{n}</p>)}
      <InvalidFiles invalid={plan.read.invalid} />
      {otherKinds > 0 && (
        <p class="ipx-msg ipx-info" data-testid="ipx-import-other-kinds">
          {plural(otherKinds, 'system')} of another kind {otherKinds === 1 ? 'is' : 'are'} left out on this page. Choose “every kind in the files” above to import {otherKinds === 1 ? 'it' : 'them'} too.
        </p>
      )}
      {unchanged > 0 && (
        <label class="ipx-check ipx-check-wide">
          <input type="checkbox" data-testid="ipx-plan-hide-identical" checked={hideIdentical} onChange={() => setHideIdentical(!hideIdentical)} />
          <span>Hide {plural(unchanged, 'system')} that {unchanged === 1 ? 'is' : 'are'} identical in the tenant</span>
        </label>
      )}
      <PlanTable
        hideIdentical={hideIdentical}
        plan={plan}
        busy={state.busy}
        onDecide={(key, change) => void flow.decide(key, change)}
        onImportSources={(names) => void flow.importSourcesFirst(names)}
        loadDiff={loadDiff}
      />
      {describe.length > 0 && (
        <section class="ipx-secrets" data-testid="ipx-change-descriptions">
          <h4>Change descriptions</h4>
          <p class="ipx-muted">The console keeps a transformation history and requires a description of each change.</p>
          {describe.map((item) => (
            <div class="ipx-field" key={item.key}>
              <label for={`ipx-cd-${item.key}`}>{item.finalName}</label>
              <textarea
                id={`ipx-cd-${item.key}`}
                class="ipx-input ipx-textarea"
                data-testid="ipx-change-description"
                data-key={item.key}
                value={item.changeDescription}
                disabled={state.busy}
                onChange={(e) => void flow.decide(item.key, { changeDescription: (e.target as HTMLTextAreaElement).value })}
              />
            </div>
          ))}
        </section>
      )}
      <SecretInputs fields={fields} secrets={secrets} onChange={setSecret} />
      <footer class="ipx-dialog-foot ipx-sticky">
        {confirming ? (
          <>
            <span class="ipx-grow ipx-strong" data-testid="ipx-import-confirm-text">
              {applySentence(plan, flow.origin)}{' '}
              <span class="ipx-muted">{confirmNote(plan)}</span>
            </span>
            <button type="button" class="ipx-btn" data-testid="ipx-import-back" onClick={() => setConfirming(false)}>Back</button>
            <button type="button" class="ipx-btn ipx-emph" ref={confirm} data-testid="ipx-import-confirm" disabled={state.busy} onClick={() => void flow.apply(secrets)}>
              Apply now
            </button>
          </>
        ) : (
          <>
            <span class="ipx-grow ipx-muted" data-testid="ipx-import-blocked">{why ?? ''}</span>
            <button type="button" class="ipx-btn ipx-emph" data-testid="ipx-import-apply" disabled={state.busy || why !== null} onClick={() => setConfirming(true)}>
              Apply…
            </button>
          </>
        )}
      </footer>
    </>
  );
}


function restoreTitle(r: RestoreView): string {
  const when = `${r.createdAt.slice(0, 16).replace('T', ' ')} UTC`;
  const part = r.part === 'properties' ? 'Only the properties, from ' : r.part === 'transformation' ? 'Only the transformation, from ' : 'From ';
  return `${part}snapshot #${r.snapshotId} of ${when}${r.label ? ` “${r.label}”` : ''}`;
}

import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { RestorePart, RestoreRequest } from '@/lib/import/messages';
import { isPartialTrigger, type SnapshotSummary } from '@/lib/messaging/protocol';
import type { ConsoleTab, PopupApi } from '@/lib/popup/api';
import { formatTime, hostOf, plural } from '@/lib/popup/format';
import { useAction, useAsync } from './hooks.ts';
import { FOCUSABLE, modalKeys, useReturnFocus } from '../modal-keys.ts';

export interface RestoreSystem {
  /** The system's id in the snapshot: what the background selects the records by. */
  id: string;
  name: string;
}

/** What the admin asked to restore: the whole snapshot, the chosen systems, or one part of one system. */
export type RestoreScope =
  | { type: 'whole' }
  | { type: 'chosen'; systems: RestoreSystem[] }
  | { type: 'part'; system: RestoreSystem; part: RestorePart };

export interface RestoreDialogProps {
  api: PopupApi;
  snapshot: SnapshotSummary;
  scope: RestoreScope;
  /** The restore is open in a console tab; `notice` says which. */
  onDone: (notice: string) => void;
  onCancel: () => void;
}

const NAMES_SHOWN = 5;

/** The request the console tab gets; `crossTenant` only once the admin confirmed naming both tenants. */
export function restoreRequest(snapshotId: number, scope: RestoreScope, crossTenant: boolean): RestoreRequest {
  const base: RestoreRequest = { snapshotId, ...(crossTenant ? { crossTenant: true } : {}) };
  if (scope.type === 'chosen') return { ...base, systems: scope.systems.map((s) => s.id) };
  if (scope.type === 'part') return { ...base, systems: [scope.system.id], part: scope.part };
  return base;
}

/** "the whole snapshot: 12 systems", "2 chosen systems: A, B", "only the transformation of A". */
export function describeScope(snapshot: SnapshotSummary, scope: RestoreScope): string {
  if (scope.type === 'whole') return `the whole snapshot: ${plural(snapshot.systemCount, 'system')}`;
  if (scope.type === 'part') return `only the ${scope.part} of ${scope.system.name}`;
  const names = scope.systems.slice(0, NAMES_SHOWN).map((s) => s.name);
  const more = scope.systems.length - names.length;
  return `${plural(scope.systems.length, 'chosen system')}: ${names.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

/** The tab offered first: one of the snapshot's tenant, else the one the admin used last. */
function defaultTab(tabs: ConsoleTab[], origin: string): ConsoleTab | null {
  return tabs.find((t) => t.origin === origin) ?? tabs[0] ?? null;
}

/**
 * Where to restore: the admin picks an open console tab; the restore dialog opens there (the writes
 * must come from the console's page), with the plan, the diff and the credentials. Another tenant's tab
 * needs an explicit confirmation naming both tenants first.
 */
export function RestoreDialog({ api, snapshot, scope, onDone, onCancel }: RestoreDialogProps) {
  const dialog = useRef<HTMLElement>(null);
  const [tabs, checkAgain] = useAsync(() => api.consoleTabs(), [api]);
  const [pickedId, setPickedId] = useState<number | null>(null);
  const [asking, setAsking] = useState(false);
  const action = useAction();
  const list = tabs.status === 'done' ? tabs.value : [];
  const target = list.find((t) => t.tabId === pickedId) ?? defaultTab(list, snapshot.origin);
  const cross = target !== null && target.origin !== snapshot.origin;
  const from = hostOf(snapshot.origin);

  useReturnFocus();
  // The first control once the tabs are known; the safe answer (Cancel) when asked about another tenant.
  // A layout effect: focus moves with the render, before the admin can type into the old control.
  useLayoutEffect(() => {
    const box = dialog.current;
    const first = asking ? box?.querySelector<HTMLElement>('[data-testid="ipx-restore-cross-cancel"]') : box?.querySelector('.ipx-dialog-body')?.querySelector<HTMLElement>(FOCUSABLE);
    (first ?? box?.querySelector<HTMLElement>(FOCUSABLE))?.focus();
  }, [tabs.status, target === null, asking]);

  const start = (crossTenant: boolean) =>
    action.run(async () => {
      if (!target) return;
      try {
        await api.startRestore(target.tabId, restoreRequest(snapshot.id, scope, crossTenant));
      } finally {
        setAsking(false);
      }
      onDone(`The restore is open in the console tab of ${hostOf(target.origin)}: check the plan there and apply.`);
    });
  const go = () => (cross ? setAsking(true) : void start(false));
  const pick = (tabId: number) => {
    setPickedId(tabId);
    setAsking(false);
    action.clear();
  };

  const onKeyDown = modalKeys(dialog, onCancel);


  return (
    <>
      <div class="ipx-backdrop" onClick={onCancel} />
      <section ref={dialog} class="ipx-dialog ipx-restore" role="dialog" aria-modal="true" aria-labelledby="ipx-restore-title" data-testid="ipx-restore-dialog" onKeyDown={onKeyDown}>
        <header class="ipx-panel-head" id="ipx-restore-title">Restore from snapshot #{snapshot.id}</header>
        <div class="ipx-dialog-body">
          <p data-testid="ipx-restore-scope">
            Restores <strong>{describeScope(snapshot, scope)}</strong>
            {scope.type === 'part' && (scope.part === 'properties' ? '; its transformation stays as it is' : '; its properties stay as they are')}.
          </p>
          <p class="ipx-muted ipx-small">
            The snapshot of {from} taken {formatTime(snapshot.createdAt)}{snapshot.label && <> ({snapshot.label})</>}.
          </p>
          <ScopeNotes snapshot={snapshot} scope={scope} cross={cross} />
          {tabs.status === 'loading' && <p class="ipx-muted">Looking for open console tabs…</p>}
          {tabs.status === 'error' && <p class="ipx-msg ipx-error">{tabs.error}</p>}
          {tabs.status === 'done' && target === null && (
            <div class="ipx-msg ipx-warning" data-testid="ipx-restore-no-tab">
              <p>Open the console of {from} in a tab, then choose Check again.</p>
              <div class="ipx-row">
                <button type="button" class="ipx-btn ipx-emph" data-testid="ipx-restore-open-console" onClick={() => api.openConsole(snapshot.origin)}>
                  Open the console of {from}
                </button>
                <button type="button" class="ipx-btn" data-testid="ipx-restore-recheck" onClick={checkAgain}>Check again</button>
              </div>
            </div>
          )}
          {target !== null && (
            <>
              <div class="ipx-field">
                <label class="ipx-strong" for="ipx-restore-target">Console tab</label>
                <div class="ipx-inline">
                  <select id="ipx-restore-target" class="ipx-select ipx-grow" data-testid="ipx-restore-target" value={String(target.tabId)} onChange={(e) => pick(Number((e.target as HTMLSelectElement).value))}>
                    {list.map((t) => (
                      <option key={t.tabId} value={String(t.tabId)}>
                        {hostOf(t.origin)} — {t.title || 'untitled tab'}
                      </option>
                    ))}
                  </select>
                  <button type="button" class="ipx-btn" data-testid="ipx-restore-recheck" title="Look for console tabs again" onClick={checkAgain}>Check again</button>
                </div>
              </div>
              <p class="ipx-small">
                The restore opens in that console tab: there you see the plan and the differences, enter the credentials and apply. Nothing is written until then.
              </p>
            </>
          )}
          {action.error && <p class="ipx-msg ipx-error" role="alert" data-testid="ipx-restore-error">{action.error}</p>}
        </div>
        {asking && target ? (
          <div class="ipx-msg ipx-warning ipx-restore-cross" role="group" aria-label="Restore into another tenant?" data-testid="ipx-restore-cross">
            <p>
              This snapshot is of <strong>{from}</strong>. Restore it into another tenant, <strong>{hostOf(target.origin)}</strong>? Systems are matched by name there; a system without a match is created. You still check the plan in that tab before anything is written.
            </p>
            <div class="ipx-row">
              <button type="button" class="ipx-btn" data-testid="ipx-restore-cross-cancel" onClick={onCancel}>Cancel</button>
              <button type="button" class="ipx-btn ipx-emph" data-testid="ipx-restore-cross-confirm" disabled={action.busy} onClick={() => void start(true)}>
                Restore into {hostOf(target.origin)}
              </button>
            </div>
          </div>
        ) : (
          <footer class="ipx-dialog-foot">
            <span class="ipx-grow" />
            <button type="button" class="ipx-btn" data-testid="ipx-restore-cancel" onClick={onCancel}>Cancel</button>
            <button type="button" class="ipx-btn ipx-emph" data-testid="ipx-restore-go" disabled={!target || action.busy} onClick={go}>
              Open in console
            </button>
          </footer>
        )}
      </section>
    </>
  );
}

/** What else the restore touches, so that the admin is not surprised by the plan. */
function ScopeNotes({ snapshot, scope, cross }: { snapshot: SnapshotSummary; scope: RestoreScope; cross: boolean }) {
  if (scope.type !== 'whole') return <p class="ipx-small">Other systems are not touched.</p>;
  // Another tenant's own systems were not "created since" this snapshot: nothing there is offered for deletion.
  if (cross) {
    return <p class="ipx-small" data-testid="ipx-restore-note">Restoring into another tenant creates or updates the snapshot’s systems there; that tenant’s other systems are not touched.</p>;
  }
  // A partial snapshot (chosen systems, or the pre-image of a write) does not show which systems are new.
  if (isPartialTrigger(snapshot.trigger)) {
    return <p class="ipx-small" data-testid="ipx-restore-note">This snapshot holds only some systems: the others are not touched.</p>;
  }
  return (
    <p class="ipx-msg ipx-info ipx-small" data-testid="ipx-restore-note">
      Systems created since the snapshot are listed in the plan and deleted only if you tick them.
      {snapshot.failedCount > 0 && <> {snapshot.failedCount === 1 ? 'The system that failed in the snapshot stays as it is.' : `The ${snapshot.failedCount} systems that failed in the snapshot stay as they are.`}</>}
    </p>
  );
}

import { useEffect, useState } from 'preact/hooks';
import type { StorageInfo, StoreSettings } from '@/lib/messaging/protocol';
import type { OptionsApi } from '@/lib/options/api';
import { describeImport, readBackup, saveBackup } from '@/lib/options/backup-file';
import { THEME_CHOICES, type ThemeChoice } from '@/lib/options/theme';
import { formatBytes, plural } from '@/lib/popup/format';
import { useAction, useAsync } from '@/components/popup/hooks';
import { DomainsSection } from './DomainsSection.tsx';

const THEME_LABEL: Record<ThemeChoice, string> = { console: 'Follow the console (or your system)', light: 'Light', dark: 'Dark' };

/** The options page: console domains, snapshots (retention, schedule), appearance, storage, backup. */
export function OptionsApp({ api }: { api: OptionsApi }) {
  const [storage, reloadStorage] = useAsync(() => api.storage(), [api]);
  return (
    <div class="ipx-options" data-testid="ipx-options-page">
      <header class="ipx-shell">
        <span class="ipx-logo" aria-hidden="true">◆</span>
        <h1 class="ipx-title">IPS Snapshots – Options</h1>
      </header>
      <main class="ipx-options-main">
        <DomainsSection api={api} />
        <SnapshotSettings api={api} />
        <ThemeSection api={api} />
        <StorageSection api={api} info={storage.status === 'done' ? storage.value : null} error={storage.status === 'error' ? storage.error : null} onChanged={reloadStorage} />
        <BackupSection api={api} onChanged={reloadStorage} />
      </main>
    </div>
  );
}

function SnapshotSettings({ api }: { api: OptionsApi }) {
  const [loaded] = useAsync(() => api.settings(), [api]);
  const [draft, setDraft] = useState<StoreSettings | null>(null);
  const [saved, setSaved] = useState(false);
  const action = useAction();
  useEffect(() => {
    if (loaded.status === 'done') setDraft(loaded.value);
  }, [loaded]);
  if (!draft) return <section class="ipx-card"><h2>Snapshots</h2>{loaded.status === 'error' ? <p class="ipx-msg ipx-error">{loaded.error}</p> : <p class="ipx-muted">Loading…</p>}</section>;
  const num = (e: Event) => Number((e.target as HTMLInputElement).value);
  const save = (e: Event) => {
    e.preventDefault();
    setSaved(false);
    void action.run(async () => {
      setDraft(await api.saveSettings({ retention: draft.retention, scheduled: draft.scheduled }));
      setSaved(true);
    });
  };
  return (
    <section class="ipx-card" aria-labelledby="ipx-snap-h" data-testid="ipx-snapshot-settings">
      <h2 id="ipx-snap-h">Snapshots</h2>
      <form onSubmit={save}>
        <label class="ipx-field">
          <span>Keep the newest snapshots per tenant</span>
          <input type="number" class="ipx-input ipx-narrow" min={1} max={1000} value={draft.retention} data-testid="ipx-retention" onInput={(e) => setDraft({ ...draft, retention: num(e) })} />
          <span class="ipx-muted ipx-small">Pinned and labelled snapshots are always kept. Lowering this removes older snapshots now.</span>
        </label>
        <label class="ipx-opt-check">
          <input type="checkbox" checked={draft.scheduled.enabled} data-testid="ipx-scheduled" onChange={() => setDraft({ ...draft, scheduled: { ...draft.scheduled, enabled: !draft.scheduled.enabled } })} />
          Take scheduled snapshots while a console tab of the tenant is open
        </label>
        <label class="ipx-field">
          <span>Every (minutes)</span>
          <input type="number" class="ipx-input ipx-narrow" min={1} max={10080} value={draft.scheduled.intervalMinutes} disabled={!draft.scheduled.enabled} data-testid="ipx-interval"
            onInput={(e) => setDraft({ ...draft, scheduled: { ...draft.scheduled, intervalMinutes: num(e) } })} />
        </label>
        <div class="ipx-inline">
          <button type="submit" class="ipx-btn ipx-emph" disabled={action.busy} data-testid="ipx-settings-save">Save</button>
          {saved && <span class="ipx-ok" role="status">Saved.</span>}
        </div>
        {action.error && <p class="ipx-msg ipx-error" role="alert" data-testid="ipx-settings-error">{action.error}</p>}
      </form>
    </section>
  );
}

function ThemeSection({ api }: { api: OptionsApi }) {
  const [theme, setTheme] = useState<ThemeChoice | null>(null);
  useEffect(() => void api.theme().then(setTheme), [api]);
  const choose = (t: ThemeChoice) => {
    setTheme(t);
    void api.saveTheme(t);
  };
  return (
    <section class="ipx-card" aria-labelledby="ipx-theme-h">
      <h2 id="ipx-theme-h">Appearance</h2>
      <div role="radiogroup" aria-labelledby="ipx-theme-h" class="ipx-radios">
        {THEME_CHOICES.map((t) => (
          <label key={t} class="ipx-opt-check">
            <input type="radio" name="ipx-theme" value={t} checked={theme === t} data-testid={`ipx-theme-${t}`} onChange={() => choose(t)} /> {THEME_LABEL[t]}
          </label>
        ))}
      </div>
    </section>
  );
}

function StorageSection({ api, info, error, onChanged }: { api: OptionsApi; info: StorageInfo | null; error: string | null; onChanged: () => void }) {
  const action = useAction();
  const [answer, setAnswer] = useState<string | null>(null);
  const persist = () =>
    action.run(async () => {
      const granted = await api.persist();
      setAnswer(granted ? 'The browser keeps the extension\'s data persistently.' : 'The browser declined; with the unlimitedStorage permission the data is still not evicted automatically.');
      onChanged();
    });
  return (
    <section class="ipx-card" aria-labelledby="ipx-storage-h" data-testid="ipx-storage-section">
      <h2 id="ipx-storage-h">Storage</h2>
      {error && <p class="ipx-msg ipx-error">{error}</p>}
      {info && (
        <dl class="ipx-facts">
          <dt>Snapshots</dt><dd>{plural(info.snapshots, 'snapshot')}, {plural(info.records, 'distinct record')} ({formatBytes(info.recordBytes)})</dd>
          <dt>Used by the extension</dt><dd>{formatBytes(info.usage)}{info.quota ? ` of ${formatBytes(info.quota)} available` : ''}</dd>
          <dt>Persistent storage</dt><dd data-testid="ipx-persisted">{info.persisted === null ? 'unknown' : info.persisted ? 'yes' : 'no'}</dd>
          <dt>Unlimited storage</dt><dd>{info.unlimitedStorage ? 'granted (data is not evicted when the disk is low)' : 'not granted'}</dd>
        </dl>
      )}
      {info && !info.persisted && <button type="button" class="ipx-btn" disabled={action.busy} data-testid="ipx-persist" onClick={persist}>Keep data persistently</button>}
      {answer && <p class="ipx-msg ipx-info" role="status">{answer}</p>}
      {action.error && <p class="ipx-msg ipx-error" role="alert">{action.error}</p>}
    </section>
  );
}

function BackupSection({ api, onChanged }: { api: OptionsApi; onChanged: () => void }) {
  const action = useAction();
  const [result, setResult] = useState<{ text: string; warnings: string[] } | null>(null);
  const backup = () =>
    action.run(async () => {
      setResult(null);
      const { fileName, snapshots, omitted } = await saveBackup(() => api.exportStore());
      setResult({ text: `Saved ${plural(snapshots, 'snapshot')} to ${fileName}.`, warnings: omitted ? [`${plural(omitted, 'damaged snapshot')} left out.`] : [] });
    });
  const restore = (e: Event) => {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    void action.run(async () => {
      setResult(null);
      try {
        const r = await api.importStore(await readBackup(file));
        setResult({ text: describeImport(r), warnings: r.warnings });
        onChanged();
      } finally {
        input.value = '';
      }
    });
  };
  return (
    <section class="ipx-card" aria-labelledby="ipx-backup-h" data-testid="ipx-backup">
      <h2 id="ipx-backup-h">Backup and restore</h2>
      <p class="ipx-muted">One file with every snapshot of every tenant (never any secret). Restoring merges it into what is here: nothing is duplicated, nothing is removed.</p>
      <div class="ipx-inline">
        <button type="button" class="ipx-btn ipx-emph" disabled={action.busy} data-testid="ipx-backup-save" onClick={backup}>Download backup</button>
        <label class={`ipx-btn${action.busy ? ' ipx-disabled' : ''}`}>
          Restore from file…
          <input type="file" accept=".json,application/json" class="ipx-hidden" disabled={action.busy} data-testid="ipx-backup-file" onChange={restore} />
        </label>
        {action.busy && <span class="ipx-muted" role="status">Working…</span>}
      </div>
      {result && <p class="ipx-msg ipx-success" role="status" data-testid="ipx-backup-result">{result.text}</p>}
      {result?.warnings.map((w) => <p key={w} class="ipx-msg ipx-warning">{w}</p>)}
      {action.error && <p class="ipx-msg ipx-error" role="alert" data-testid="ipx-backup-error">{action.error}</p>}
    </section>
  );
}

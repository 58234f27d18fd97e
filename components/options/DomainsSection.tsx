import { useState } from 'preact/hooks';
import type { OptionsApi } from '@/lib/options/api';
import { parseDomain } from '@/lib/options/domains';
import { errorText } from '@/lib/popup/format';
import { useAsync } from '@/components/popup/hooks';
import { CONSOLE_MATCHES } from '@/lib/console/hosts';

/** The hosts the adapter matches, as the admin reads them (`*.accounts.ondemand.com`, …). */
const STANDARD_HOSTS = CONSOLE_MATCHES.map((m) => new URL(m.replace('*.', 'wildcard.')).host.replace('wildcard.', '*.')).join(', ');

/**
 * Custom console domains: the browser asks the admin for access to the host (in the click: a user
 * gesture is required), then the console script is registered there. Removing revokes both.
 */
export function DomainsSection({ api }: { api: OptionsApi }) {
  const [list, reload] = useAsync(() => api.domains(), [api]);
  const [input, setInput] = useState('');
  const [message, setMessage] = useState<{ type: 'error' | 'success'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const add = (e: Event) => {
    e.preventDefault();
    const parsed = parseDomain(input);
    if (!parsed.ok) return setMessage({ type: 'error', text: parsed.error });
    setBusy(true);
    // No await before this call: the permission prompt needs the click's user gesture.
    api
      .requestHost(parsed.pattern)
      .then(async (granted) => {
        if (!granted) throw new Error(`Access to ${parsed.host} was not granted, so the extension can't work there. Add it again and choose Allow.`);
        await api.addDomain(parsed.pattern);
        setInput('');
        setMessage({ type: 'success', text: `Added ${parsed.host}. Reload its console tabs to see the extension's buttons.` });
        reload();
      })
      .catch((err: unknown) => setMessage({ type: 'error', text: errorText(err) }))
      .finally(() => setBusy(false));
  };
  const remove = async (pattern: string) => {
    setBusy(true);
    try {
      await api.removeDomain(pattern);
      setMessage({ type: 'success', text: `Removed ${pattern}.` });
      reload();
    } catch (err) {
      setMessage({ type: 'error', text: errorText(err) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="ipx-card" aria-labelledby="ipx-domains-h" data-testid="ipx-domains">
      <h2 id="ipx-domains-h">Console domains</h2>
      <p class="ipx-muted">
        The extension works on {STANDARD_HOSTS}. If your tenant uses a custom domain, add it here; your browser asks you to allow access to it.
      </p>
      <form class="ipx-inline" onSubmit={add}>
        <input class="ipx-input" aria-label="Console domain" placeholder="e.g. ips.example.com or https://ips.example.com" value={input} data-testid="ipx-domain-input"
          onInput={(e) => setInput((e.target as HTMLInputElement).value)} />
        <button type="submit" class="ipx-btn ipx-emph" disabled={busy} data-testid="ipx-domain-add">Add</button>
      </form>
      {message && <p class={`ipx-msg ipx-${message.type}`} role={message.type === 'error' ? 'alert' : 'status'} data-testid="ipx-domain-message">{message.text}</p>}
      {list.status === 'error' && <p class="ipx-msg ipx-error">{list.error}</p>}
      {list.status === 'done' && list.value.length > 0 && (
        <ul class="ipx-syslist" aria-label="Custom domains">
          {list.value.map((d) => (
            <li key={d.pattern} data-testid="ipx-domain" data-pattern={d.pattern}>
              <span class="ipx-grow ipx-mono">{d.pattern}</span>
              {d.granted ? <span class="ipx-badge ipx-badge-added">access granted</span> : <span class="ipx-badge ipx-badge-failed" title="Access was revoked in the browser: remove and add it again">no access</span>}
              <button type="button" class="ipx-btn ipx-danger-text" disabled={busy} aria-label={`Remove ${d.pattern}`} onClick={() => void remove(d.pattern)}>Remove</button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

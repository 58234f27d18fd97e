import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { addDomain, DOMAINS_KEY, grantedDomains, loadDomains, parseDomain, removeDomain, scriptId, syncDomains } from '@/lib/options/domains';
import { applyTheme, consoleTheme, followTheme, loadTheme, resolveTheme, saveTheme } from '@/lib/options/theme';

describe('custom domain input', () => {
  it.each([
    ['ips.example.com', 'https://ips.example.com/*'],
    ['  https://IPS.Example.com/ips/#/sourceSystems  ', 'https://ips.example.com/*'],
    ['http://127.0.0.2:41234', 'http://127.0.0.2/*'],
    ['*.example.org', 'https://*.example.org/*'],
    ['https://tenant.eu10.hana.ondemand.com', 'https://tenant.eu10.hana.ondemand.com/*'],
  ])('%s → %s', (input, pattern) => {
    expect(parseDomain(input)).toMatchObject({ ok: true, pattern });
  });

  it.each([
    ['', 'Enter the console host'],
    ['ftp://files.example.com', 'Only https://'],
    ['https://', 'is not a host name or URL'],
    ['x.accounts.ondemand.com', 'standard console host'],
    ['https://t1.accounts.cloud.sap/ips', 'standard console host'],
  ])('refuses %j', (input, message) => {
    const parsed = parseDomain(input);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toContain(message);
  });
});

describe('registering the console script on a custom domain', () => {
  const registered = new Map<string, { id: string; matches?: string[]; js?: string[] }>();
  beforeEach(() => {
    fakeBrowser.reset();
    registered.clear();
    vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({ manifest_version: 3, name: 'x', version: '1', content_scripts: [{ matches: ['https://*.accounts.ondemand.com/*'], js: ['content-scripts/console.js'] }] });
    vi.spyOn(fakeBrowser.scripting, 'getRegisteredContentScripts').mockImplementation(async (filter) => [...registered.values()].filter((s) => !filter?.ids || filter.ids.includes(s.id)) as never);
    vi.spyOn(fakeBrowser.scripting, 'registerContentScripts').mockImplementation(async (scripts) => void scripts.forEach((s) => registered.set(s.id, s)));
    vi.spyOn(fakeBrowser.scripting, 'updateContentScripts').mockImplementation(async (scripts) => void scripts.forEach((s) => registered.set(s.id, s)));
    vi.spyOn(fakeBrowser.scripting, 'unregisterContentScripts').mockImplementation(async (filter) => void filter?.ids?.forEach((id) => registered.delete(id)));
  });

  it('registers the manifest’s console script for the pattern, persistently; once per domain', async () => {
    const pattern = 'https://ips.example.com/*';
    expect(await addDomain(pattern)).toEqual([pattern]);
    expect(await addDomain(pattern)).toEqual([pattern]);
    expect([...registered.values()]).toEqual([{ id: scriptId(pattern), matches: [pattern], js: ['content-scripts/console.js'], runAt: 'document_idle', persistAcrossSessions: true }]);
    expect(fakeBrowser.scripting.updateContentScripts).toHaveBeenCalledTimes(1);
    expect(await loadDomains()).toEqual([pattern]);
  });

  it('removal unregisters, gives the permission back and forgets the domain', async () => {
    const remove = vi.spyOn(fakeBrowser.permissions, 'remove').mockResolvedValue(true);
    await addDomain('https://a.example.com/*');
    await addDomain('https://b.example.com/*');
    expect(await removeDomain('https://a.example.com/*')).toEqual(['https://b.example.com/*']);
    expect([...registered.keys()]).toEqual([scriptId('https://b.example.com/*')]);
    expect(remove).toHaveBeenCalledWith({ origins: ['https://a.example.com/*'] });
    expect((await fakeBrowser.storage.local.get(DOMAINS_KEY))[DOMAINS_KEY]).toEqual(['https://b.example.com/*']);
  });

  it('registers again only the stored domains whose access is still granted', async () => {
    await fakeBrowser.storage.local.set({ [DOMAINS_KEY]: ['https://a.example.com/*', 'https://b.example.com/*'] });
    vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation(async (p) => p.origins?.[0] === 'https://b.example.com/*');
    await syncDomains();
    expect([...registered.keys()]).toEqual([scriptId('https://b.example.com/*')]);
  });

  it('reports a revoked permission', async () => {
    vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation(async (p) => p.origins?.[0] === 'https://a.example.com/*');
    const granted = await grantedDomains(['https://a.example.com/*', 'https://b.example.com/*']);
    expect([...granted]).toEqual([['https://a.example.com/*', true], ['https://b.example.com/*', false]]);
  });
});

describe('theme', () => {
  beforeEach(() => fakeBrowser.reset());

  it.each([
    ['sapUiTheme-sap_horizon', '', 'light'],
    ['sapUiTheme-sap_horizon_dark', '', 'dark'],
    ['', 'sapUiBody sapUiTheme-sap_horizon_hcb', 'dark'],
    ['sapUiTheme-sap_fiori_3', '', 'light'],
    ['', '', null],
  ])('console classes %j %j → %s', (html, body, expected) => {
    document.documentElement.className = html;
    document.body.className = body;
    expect(consoleTheme(document)).toBe(expected);
  });

  it.each([
    ['console', 'dark', 'dark'],
    ['console', null, null],
    ['light', 'dark', 'light'],
    ['dark', null, 'dark'],
  ] as const)('setting %s with console %s → %s', (choice, fromConsole, expected) => {
    expect(resolveTheme(choice, fromConsole)).toBe(expected);
  });

  it('stores the choice, applies it as a class and follows changes until aborted', async () => {
    expect(await loadTheme()).toBe('console');
    const el = document.createElement('div');
    applyTheme(el, 'light');
    expect(el.className).toBe('ipx-theme-light');
    const controller = new AbortController();
    followTheme(el, controller.signal);
    await vi.waitFor(() => expect(el.className).toBe(''));
    await saveTheme('dark');
    await vi.waitFor(() => expect(el.className).toBe('ipx-theme-dark'));
    controller.abort();
    await saveTheme('light');
    await new Promise((r) => setTimeout(r, 10));
    expect(el.className).toBe('ipx-theme-dark');
    await expect(saveTheme('pink' as never)).rejects.toThrow(/console, light, dark/);
  });
});

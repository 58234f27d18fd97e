import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { OptionsApp } from '@/components/options/OptionsApp';
import type { OptionsApi } from '@/lib/options/api';
import type { StoreSettings } from '@/lib/messaging/protocol';

function fakeOptions(over: Partial<OptionsApi> = {}): OptionsApi & { domainList: Array<{ pattern: string; granted: boolean }> } {
  const domainList: Array<{ pattern: string; granted: boolean }> = [];
  let settings: StoreSettings = { retention: 50, scheduled: { enabled: false, intervalMinutes: 60 } };
  return {
    domainList,
    settings: vi.fn(async () => settings),
    saveSettings: vi.fn(async (patch) => {
      if (patch.retention !== undefined && (patch.retention < 1 || patch.retention > 1000)) throw new Error('Setting retention must be a whole number from 1 to 1000.');
      settings = { retention: patch.retention ?? settings.retention, scheduled: { ...settings.scheduled, ...patch.scheduled } };
      return settings;
    }),
    storage: vi.fn(async () => ({ usage: 1_200_000, quota: 5e9, persisted: false, unlimitedStorage: true, snapshots: 12, records: 40, recordBytes: 900_000 })),
    persist: vi.fn(async () => true),
    theme: vi.fn(async () => 'console' as const),
    saveTheme: vi.fn(async () => undefined),
    domains: vi.fn(async () => [...domainList]),
    requestHost: vi.fn(async () => true),
    addDomain: vi.fn(async (pattern: string) => void domainList.push({ pattern, granted: true })),
    removeDomain: vi.fn(async (pattern: string) => void domainList.splice(domainList.findIndex((d) => d.pattern === pattern), 1)),
    exportStore: vi.fn(),
    importStore: vi.fn(async () => ({ added: 3, duplicates: 1, recordsAdded: 7, warnings: ['https://t.accounts.ondemand.com now has 60 snapshots, more than the retention of 50'] })),
    ...over,
  };
}

describe('options page', () => {
  it('adds a custom domain: asks for the host first (user gesture), then registers it', async () => {
    const api = fakeOptions();
    render(<OptionsApp api={api} />);
    fireEvent.input(screen.getByTestId('ipx-domain-input'), { target: { value: 'https://ips.example.com/ips/' } });
    fireEvent.click(screen.getByTestId('ipx-domain-add'));
    // Asked synchronously in the click: nothing awaited before it.
    expect(api.requestHost).toHaveBeenCalledWith('https://ips.example.com/*');
    await waitFor(() => expect(api.addDomain).toHaveBeenCalledWith('https://ips.example.com/*'));
    expect((await screen.findByTestId('ipx-domain')).getAttribute('data-pattern')).toBe('https://ips.example.com/*');
    expect(screen.getByTestId('ipx-domain-message').textContent).toMatch(/Added ips\.example\.com\. Reload/);
    fireEvent.click(screen.getByRole('button', { name: 'Remove https://ips.example.com/*' }));
    await waitFor(() => expect(screen.queryByTestId('ipx-domain')).toBeNull());
  });

  it('a refused permission or an invalid host adds nothing and says why', async () => {
    const api = fakeOptions({ requestHost: vi.fn(async () => false) });
    render(<OptionsApp api={api} />);
    fireEvent.input(screen.getByTestId('ipx-domain-input'), { target: { value: 'ips.example.com' } });
    fireEvent.click(screen.getByTestId('ipx-domain-add'));
    expect((await screen.findByTestId('ipx-domain-message')).textContent).toMatch(/was not granted/);
    expect(api.addDomain).not.toHaveBeenCalled();
    fireEvent.input(screen.getByTestId('ipx-domain-input'), { target: { value: 'ftp://x' } });
    fireEvent.click(screen.getByTestId('ipx-domain-add'));
    await waitFor(() => expect(screen.getByTestId('ipx-domain-message').textContent).toMatch(/Only https/));
    expect(api.requestHost).toHaveBeenCalledTimes(1);
  });

  it('saves retention and scheduled snapshots; shows the background’s refusal', async () => {
    const api = fakeOptions();
    render(<OptionsApp api={api} />);
    const retention = await screen.findByTestId('ipx-retention');
    fireEvent.input(retention, { target: { value: '200' } });
    fireEvent.click(screen.getByTestId('ipx-scheduled'));
    fireEvent.input(screen.getByTestId('ipx-interval'), { target: { value: '30' } });
    fireEvent.click(screen.getByTestId('ipx-settings-save'));
    await waitFor(() => expect(api.saveSettings).toHaveBeenCalledWith({ retention: 200, scheduled: { enabled: true, intervalMinutes: 30 } }));
    // The browser's own validation (min/max) stops this in a real click; the background refuses it too.
    fireEvent.input(retention, { target: { value: '0' } });
    fireEvent.submit(retention.closest('form')!);
    expect((await screen.findByTestId('ipx-settings-error')).textContent).toMatch(/from 1 to 1000/);
  });

  it('theme and persistent storage', async () => {
    const api = fakeOptions();
    render(<OptionsApp api={api} />);
    await waitFor(() => expect((screen.getByTestId('ipx-theme-console') as HTMLInputElement).checked).toBe(true));
    fireEvent.click(screen.getByTestId('ipx-theme-dark'));
    expect(api.saveTheme).toHaveBeenCalledWith('dark');
    expect((await screen.findByTestId('ipx-persisted')).textContent).toBe('no');
    fireEvent.click(screen.getByTestId('ipx-persist'));
    await waitFor(() => expect(api.persist).toHaveBeenCalled());
  });

  it('restores a backup file and reports what was merged; a non-JSON file is refused', async () => {
    const api = fakeOptions();
    render(<OptionsApp api={api} />);
    const input = screen.getByTestId('ipx-backup-file') as HTMLInputElement;
    const file = new File([JSON.stringify({ format: 'ips-snapshots-store-backup' })], 'backup.json', { type: 'application/json' });
    fireEvent.change(input, { target: { files: [file] } });
    expect((await screen.findByTestId('ipx-backup-result')).textContent).toBe('Backup restored: 3 snapshots added, 1 already there, 7 new records.');
    expect(api.importStore).toHaveBeenCalledWith({ format: 'ips-snapshots-store-backup' });
    expect(screen.getByText(/more than the retention of 50/)).toBeTruthy();
    fireEvent.change(input, { target: { files: [new File(['PK\u0003\u0004'], 'bundle.zip')] } });
    expect((await screen.findByTestId('ipx-backup-error')).textContent).toMatch(/bundle\.zip is not a backup of IPS Snapshots \(not JSON/);
  });
});

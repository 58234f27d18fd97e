import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { fakeBrowser } from 'wxt/testing';
import { PopupApp } from '@/components/popup/PopupApp';
import { consoleUrl } from '@/lib/console/pages';
import { consoleTabs, startRestore } from '@/lib/popup/live';
import { fakeApi, ORIGIN, OTHER, record, summary, type FakeSnapshot } from './fake-api.ts';

const HERE = { tabId: 11, origin: ORIGIN, title: 'Identity Provisioning' };
const THERE = { tabId: 22, origin: OTHER, title: 'Identity Provisioning (other)' };

const snapshot = (over: Partial<FakeSnapshot> = {}): FakeSnapshot => ({
  summary: summary(7),
  records: [record('Workday source', 'source'), record('SuccessFactors target', 'target'), record('Proxy one', 'proxy')],
  ...over,
});

async function open(api: ReturnType<typeof fakeApi>) {
  render(<PopupApp api={api} hash={`#tenant=${ORIGIN}&id=7`} />);
  await screen.findByTestId('ipx-detail');
}

/** The restore dialog once the console tabs are in. */
async function dialog() {
  const d = await screen.findByTestId('ipx-restore-dialog');
  await waitFor(() => expect(within(d).queryByText(/Looking for open console tabs/)).toBeNull());
  return d;
}

describe('restore from the popup', () => {
  it('the whole snapshot: names the count, mentions deletions, defaults to the tenant’s tab, sends only the snapshot id', async () => {
    const api = fakeApi([snapshot()], { tabs: [THERE, HERE] });
    await open(api);
    fireEvent.click(screen.getByTestId('ipx-restore'));
    const d = await dialog();
    expect(within(d).getByTestId('ipx-restore-scope').textContent).toBe('Restores the whole snapshot: 3 systems.');
    expect(within(d).getByTestId('ipx-restore-note').textContent).toMatch(/created since the snapshot .* deleted only if you tick them/);
    expect(d.textContent).toMatch(/Nothing is written until then/);
    const target = within(d).getByTestId('ipx-restore-target') as HTMLSelectElement;
    expect(target.value).toBe('11');
    expect([...target.options].map((o) => o.textContent)).toEqual(['t2.accounts.cloud.sap — Identity Provisioning (other)', 't1.accounts.ondemand.com — Identity Provisioning']);
    expect(document.activeElement).toBe(target);
    fireEvent.click(within(d).getByTestId('ipx-restore-go'));
    await waitFor(() => expect(api.startRestore).toHaveBeenCalledWith(11, { snapshotId: 7 }));
    expect((await screen.findByTestId('ipx-notice')).textContent).toBe('The restore is open in the console tab of t1.accounts.ondemand.com: check the plan there and apply.');
    expect(screen.queryByTestId('ipx-restore-dialog')).toBeNull();
  });

  it('a partial snapshot restored whole: no word of deleting systems created since', async () => {
    const api = fakeApi([snapshot({ summary: summary(7, { trigger: 'pre-write' }) })], { tabs: [HERE] });
    await open(api);
    fireEvent.click(screen.getByTestId('ipx-restore'));
    const d = await dialog();
    expect(d.textContent).not.toMatch(/deleted/);
    expect(within(d).getByTestId('ipx-restore-note').textContent).toMatch(/only some systems/);
  });

  it('chosen systems: ticked ones (all shown, none) are restored by id; failed ones cannot be chosen', async () => {
    const api = fakeApi([snapshot({ failed: [{ kind: 'source', id: 'id-Broken', name: 'Broken', reason: 'HTTP 500' }] })], { tabs: [HERE] });
    await open(api);
    expect(screen.getAllByTestId('ipx-system-choose')).toHaveLength(3);
    expect((screen.getByLabelText(/Broken failed in this snapshot/) as HTMLInputElement).disabled).toBe(true);
    fireEvent.click(screen.getByLabelText('Choose Workday source for restore'));
    fireEvent.click(screen.getByLabelText('Choose Proxy one for restore'));
    expect(screen.getByTestId('ipx-restore').textContent).toBe('Restore 2 chosen…');
    fireEvent.click(screen.getByTestId('ipx-restore'));
    let d = await dialog();
    expect(within(d).getByTestId('ipx-restore-scope').textContent).toBe('Restores 2 chosen systems: Proxy one, Workday source.');
    expect(within(d).queryByTestId('ipx-restore-note')).toBeNull();
    fireEvent.click(within(d).getByTestId('ipx-restore-go'));
    await waitFor(() => expect(api.startRestore).toHaveBeenCalledWith(11, { snapshotId: 7, systems: ['id-Proxy one', 'id-Workday source'] }));

    // "All shown" takes the search into account; "None" goes back to the whole snapshot.
    fireEvent.click(screen.getByTestId('ipx-choose-none'));
    expect(screen.getByTestId('ipx-restore').textContent).toBe('Restore…');
    fireEvent.input(screen.getByTestId('ipx-system-search'), { target: { value: 'success' } });
    fireEvent.click(screen.getByTestId('ipx-choose-all'));
    fireEvent.input(screen.getByTestId('ipx-system-search'), { target: { value: '' } });
    expect(screen.getAllByTestId('ipx-system-choose').filter((c) => (c as HTMLInputElement).checked).map((c) => c.closest('li')!.getAttribute('data-name'))).toEqual(['SuccessFactors target']);
    fireEvent.click(screen.getByTestId('ipx-restore'));
    d = await dialog();
    fireEvent.click(within(d).getByTestId('ipx-restore-go'));
    await waitFor(() => expect(api.startRestore).toHaveBeenLastCalledWith(11, { snapshotId: 7, systems: ['id-SuccessFactors target'] }));
  });

  it('one part of one system from its row', async () => {
    const api = fakeApi([snapshot()], { tabs: [HERE] });
    await open(api);
    const row = screen.getAllByTestId('ipx-system').find((r) => r.getAttribute('data-name') === 'SuccessFactors target')!;
    fireEvent.click(within(row).getByRole('button', { name: 'Restore transformation of SuccessFactors target' }));
    let d = await dialog();
    expect(within(d).getByTestId('ipx-restore-scope').textContent).toBe('Restores only the transformation of SuccessFactors target; its properties stay as they are.');
    fireEvent.click(within(d).getByTestId('ipx-restore-go'));
    await waitFor(() => expect(api.startRestore).toHaveBeenCalledWith(11, { snapshotId: 7, systems: ['id-SuccessFactors target'], part: 'transformation' }));

    fireEvent.click(within(row).getByRole('button', { name: 'Restore properties of SuccessFactors target' }));
    d = await dialog();
    expect(within(d).getByTestId('ipx-restore-scope').textContent).toMatch(/^Restores only the properties of SuccessFactors target; its transformation stays as it is/);
    fireEvent.click(within(d).getByTestId('ipx-restore-go'));
    await waitFor(() => expect(api.startRestore).toHaveBeenLastCalledWith(11, { snapshotId: 7, systems: ['id-SuccessFactors target'], part: 'properties' }));
  });

  it('another tenant: asks first naming both tenants; only then sends crossTenant', async () => {
    const api = fakeApi([snapshot()], { tabs: [THERE] });
    await open(api);
    fireEvent.click(screen.getByTestId('ipx-restore'));
    let d = await dialog();
    expect((within(d).getByTestId('ipx-restore-target') as HTMLSelectElement).value).toBe('22');
    // Nothing of the other tenant is offered for deletion, and the dialog does not promise it.
    expect(within(d).getByTestId('ipx-restore-note').textContent).toMatch(/that tenant’s other systems are not touched/);
    expect(within(d).getByTestId('ipx-restore-note').textContent).not.toMatch(/deleted/);
    fireEvent.click(within(d).getByTestId('ipx-restore-go'));
    const ask = within(d).getByTestId('ipx-restore-cross');
    expect(ask.textContent).toMatch(/This snapshot is of t1\.accounts\.ondemand\.com\. Restore it into another tenant, t2\.accounts\.cloud\.sap\?/);
    expect(within(ask).getByTestId('ipx-restore-cross-confirm').textContent).toBe('Restore into t2.accounts.cloud.sap');
    expect(document.activeElement).toBe(within(ask).getByRole('button', { name: 'Cancel' }));
    expect(api.startRestore).not.toHaveBeenCalled();

    // Cancel: nothing is sent, the dialog closes.
    fireEvent.click(within(ask).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByTestId('ipx-restore-dialog')).toBeNull();
    expect(api.startRestore).not.toHaveBeenCalled();

    fireEvent.click(screen.getByTestId('ipx-restore'));
    d = await dialog();
    fireEvent.click(within(d).getByTestId('ipx-restore-go'));
    fireEvent.click(within(d).getByTestId('ipx-restore-cross-confirm'));
    await waitFor(() => expect(api.startRestore).toHaveBeenCalledWith(22, { snapshotId: 7, crossTenant: true }));
    expect((await screen.findByTestId('ipx-notice')).textContent).toMatch(/console tab of t2\.accounts\.cloud\.sap/);
  });

  it('switching to the tenant’s own tab drops the question; Escape closes without sending', async () => {
    const api = fakeApi([snapshot()], { tabs: [THERE, HERE] });
    await open(api);
    fireEvent.click(screen.getByTestId('ipx-restore'));
    const d = await dialog();
    const target = within(d).getByTestId('ipx-restore-target');
    fireEvent.change(target, { target: { value: '22' } });
    fireEvent.click(within(d).getByTestId('ipx-restore-go'));
    expect(within(d).getByTestId('ipx-restore-cross')).toBeTruthy();
    fireEvent.change(target, { target: { value: '11' } });
    expect(within(d).queryByTestId('ipx-restore-cross')).toBeNull();
    fireEvent.keyDown(d, { key: 'Escape' });
    expect(screen.queryByTestId('ipx-restore-dialog')).toBeNull();
    expect(api.startRestore).not.toHaveBeenCalled();
  });

  it('Escape closes the dialog and focus goes back to "Restore…"', async () => {
    const api = fakeApi([snapshot()], { tabs: [HERE] });
    await open(api);
    const opener = screen.getByTestId('ipx-restore');
    opener.focus();
    fireEvent.click(opener);
    const d = await dialog();
    expect(d.contains(document.activeElement)).toBe(true);
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(screen.queryByTestId('ipx-restore-dialog')).toBeNull();
    expect(document.activeElement).toBe(opener);
    expect(api.startRestore).not.toHaveBeenCalled();
  });

  it('no console tab: offers to open the console, and finds the tab on "Check again"', async () => {
    const api = fakeApi([snapshot()], { tabs: [] });
    await open(api);
    fireEvent.click(screen.getByTestId('ipx-restore'));
    const d = await dialog();
    expect(within(d).getByTestId('ipx-restore-no-tab').textContent).toMatch(/Open the console of t1\.accounts\.ondemand\.com in a tab, then choose Check again/);
    expect((within(d).getByTestId('ipx-restore-go') as HTMLButtonElement).disabled).toBe(true);
    expect(document.activeElement).toBe(within(d).getByTestId('ipx-restore-open-console'));
    fireEvent.click(within(d).getByTestId('ipx-restore-open-console'));
    expect(api.openConsole).toHaveBeenCalledWith(ORIGIN);
    api.tabs.push(HERE);
    fireEvent.click(within(d).getByTestId('ipx-restore-recheck'));
    const target = (await within(d).findByTestId('ipx-restore-target')) as HTMLSelectElement;
    expect(target.value).toBe('11');
    expect(document.activeElement).toBe(target);
    expect(within(d).queryByTestId('ipx-restore-no-tab')).toBeNull();
  });

  it('a damaged snapshot cannot be restored', async () => {
    const problem = 'The stored record of source system "A" does not match its hash.';
    const api = fakeApi([snapshot({ summary: summary(7, { damaged: true, damage: [problem] }), problems: [problem] })], { tabs: [HERE] });
    await open(api);
    const button = screen.getByTestId('ipx-restore') as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(button.title).toMatch(/damaged snapshot can't be restored/);
    expect(screen.queryAllByTestId('ipx-system-choose')).toHaveLength(0);
    expect(screen.queryByRole('button', { name: /^Restore (properties|transformation) of/ })).toBeNull();
  });

  it('the console tab refuses: the reason is shown in the dialog, which stays open', async () => {
    const api = fakeApi([snapshot()], { tabs: [HERE] });
    vi.mocked(api.startRestore).mockRejectedValue(new Error('An import or restore dialog is open in this console tab: finish or close it there first.'));
    await open(api);
    fireEvent.click(screen.getByTestId('ipx-restore'));
    const d = await dialog();
    fireEvent.click(within(d).getByTestId('ipx-restore-go'));
    const error = await within(d).findByTestId('ipx-restore-error');
    expect(error.getAttribute('role')).toBe('alert');
    expect(error.textContent).toBe('An import or restore dialog is open in this console tab: finish or close it there first.');
    expect(screen.queryByTestId('ipx-notice')).toBeNull();
  });
});

describe('console tabs and the restore message (lib/popup/live.ts)', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    vi.restoreAllMocks();
  });
  const tab = (id: number, url: string, over: Record<string, unknown> = {}) => ({ id, url, title: `tab ${id}`, active: false, lastAccessed: id, windowId: 1, index: id, pinned: false, highlighted: false, incognito: false, ...over });

  it('lists IPS console tabs only: the active one first, then the most recently used', async () => {
    vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([
      tab(1, `${ORIGIN}/ips/#/sourceSystems`),
      tab(2, `${ORIGIN}/admin/#/users`),
      tab(3, 'chrome-extension://abc/popup.html'),
      tab(4, `${OTHER}/ips/`),
      tab(5, `${ORIGIN}/ips/#/targetSystems`, { active: true, lastAccessed: 0 }),
      { ...tab(6, ''), url: undefined },
    ] as never);
    expect(await consoleTabs()).toEqual([
      { tabId: 5, origin: ORIGIN, title: 'tab 5' },
      { tabId: 4, origin: OTHER, title: 'tab 4' },
      { tabId: 1, origin: ORIGIN, title: 'tab 1' },
    ]);
  });

  it('sends content.restore and brings the tab and its window to the front', async () => {
    const send = vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockResolvedValue({ opened: true } as never);
    const update = vi.spyOn(fakeBrowser.tabs, 'update').mockResolvedValue(tab(5, `${ORIGIN}/ips/`, { windowId: 3 }) as never);
    const focus = vi.spyOn(fakeBrowser.windows, 'update').mockResolvedValue({} as never);
    await startRestore(5, { snapshotId: 7, systems: ['a'], part: 'properties' });
    expect(send).toHaveBeenCalledWith(5, { ipx: 'content.restore', request: { snapshotId: 7, systems: ['a'], part: 'properties' } });
    expect(update).toHaveBeenCalledWith(5, { active: true });
    expect(focus).toHaveBeenCalledWith(3, { focused: true });
  });

  it('no answer or a refusal: an error the admin can act on; nothing is focused', async () => {
    const update = vi.spyOn(fakeBrowser.tabs, 'update');
    const send = vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockRejectedValueOnce(new Error('Receiving end does not exist.'));
    await expect(startRestore(5, { snapshotId: 7 })).rejects.toThrow('The console tab did not answer (Receiving end does not exist.). Reload the console tab and try again.');
    send.mockResolvedValueOnce(undefined as never);
    await expect(startRestore(5, { snapshotId: 7 })).rejects.toThrow(/did not answer \(no reply\)\. Reload the console tab/);
    send.mockResolvedValueOnce({ opened: false, reason: 'An import or restore dialog is open in this console tab.' } as never);
    await expect(startRestore(5, { snapshotId: 7 })).rejects.toThrow('An import or restore dialog is open in this console tab.');
    expect(update).not.toHaveBeenCalled();
  });

  it('opening the console goes to the IPS start page of the tenant', () => {
    expect(consoleUrl(ORIGIN)).toBe(`${ORIGIN}/ips/`);
    expect(consoleUrl('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080/ips/');
  });
});

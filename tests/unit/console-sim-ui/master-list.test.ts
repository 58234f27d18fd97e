import { afterEach, describe, expect, it, vi } from 'vitest';
import { go, installFakeApi, makeSystems, openConsole, settle } from './fake-api.ts';

const master = (): HTMLElement => document.querySelector<HTMLElement>('section.sapMSplitContainerMaster > div.sapMPage')!;
const toolbarEl = (): HTMLElement => master().querySelector<HTMLElement>(':scope > div.sapMTB.sapMTBStandard.sapMBar[role=toolbar]')!;
const list = (): HTMLElement => master().querySelector<HTMLElement>('ul.sapMList.sapMListUl[role=listbox]')!;
const items = (): HTMLElement[] => [...list().querySelectorAll<HTMLElement>(':scope > li.sapMLIB.sapMObjLItem[role=option][data-sim-system-id]')];
const groups = (): string[] => [...list().querySelectorAll(':scope > li.sapMGHLI[role=group]')].map((g) => g.textContent ?? '');
const more = (): HTMLButtonElement | null => master().querySelector('button.sapMBtn.sapMGrowingListTrigger');

let handle: { idle(): Promise<void>; dispose(): void } | undefined;
afterEach(() => {
  handle?.dispose();
  handle = undefined;
  vi.unstubAllGlobals();
  document.body.replaceChildren();
});

describe('console page: master list markup', () => {
  it('renders shell, toolbar, search field and the first 20 items with group header and More', async () => {
    installFakeApi(makeSystems('READ', 12, 45, 2));
    handle = await openConsole('');
    expect(location.hash).toBe('#/sourceSystems');
    expect(document.body.classList.contains('sapUiBody')).toBe(true);
    expect(document.querySelector('header.sapShellHeader')?.textContent).toContain('Cloud Identity Services');
    const navTargets = [...document.querySelectorAll<HTMLAnchorElement>('header.sapShellHeader a[href]')].map((a) => a.getAttribute('href'));
    expect(navTargets).toEqual(expect.arrayContaining(['#/sourceSystems', '#/targetSystems', '#/proxySystems', '#/provisioningLogs']));
    expect(document.querySelector('div.sapUiView[id^="__xmlview"] > div.sapMSplitContainer')).not.toBeNull();

    const tb = toolbarEl();
    expect(tb.querySelector(':scope > h2.sapMTitle')?.textContent).toBe('Source Systems');
    expect(tb.querySelector(':scope > span.sapMTBSpacer')).not.toBeNull();
    const add = tb.querySelector(':scope > button.sapMBtn.sapMBtnBase[type=button] > span.sapMBtnInner > span.sapMBtnContent > bdi');
    expect(add?.textContent).toBe('Add');
    expect(master().querySelector(':scope > div.sapMSF[role=search] > input.sapMSFI[type=search]')).not.toBeNull();

    expect(items()).toHaveLength(20);
    expect(groups()).toEqual(['Customer Managed (12)', 'SAP Initiated (45)']);
    const first = items()[0]!;
    expect(first.querySelector(':scope > span.sapMObjLTitle')?.textContent).toBe('Cust READ 02');
    expect(first.querySelector(':scope > span.sapMObjStatus')?.textContent).toBe('Enabled');
    // customer-managed disabled come after the enabled ones
    expect(items()[10]!.querySelector('.sapMObjStatus')?.textContent).toBe('Disabled');
    expect(more()?.textContent).toBe('More [20/57]');
    expect(list().id).toMatch(/^__xmlview\d+--list$/);
  });

  it('counts a group that goes past the first page from the API totals (one look-ahead request)', async () => {
    const api = installFakeApi(makeSystems('WRITE', 45, 12));
    handle = await openConsole('#/targetSystems');
    expect(items()).toHaveLength(20);
    expect(groups()).toEqual(['Customer Managed (45)']);
    expect(api.listCalls().map((q) => `${q.get('startIndex')}/${q.get('count')}`)).toEqual(['1/20', '21/100']);

    // the look-ahead already holds the next pages: More needs no request
    more()!.click();
    await handle.idle();
    expect(items()).toHaveLength(40);
    more()!.click();
    await handle.idle();
    expect(items()).toHaveLength(57);
    expect(groups()).toEqual(['Customer Managed (45)', 'SAP Initiated (12)']);
    expect(more()).toBeNull();
    expect(api.listCalls()).toHaveLength(2);
  });

  it('replaces toolbar and list with new elements on More, search and navigation', async () => {
    const api = installFakeApi(makeSystems('READ', 15, 42));
    handle = await openConsole('#/sourceSystems');
    const ids = new Set<string>();
    const snapshot = (): { tb: HTMLElement; ul: HTMLElement } => {
      const tb = toolbarEl();
      const ul = list();
      ids.add(ul.id);
      return { tb, ul };
    };
    let before = snapshot();

    more()!.click();
    await handle.idle();
    expect(before.tb.isConnected).toBe(false);
    expect(before.ul.isConnected).toBe(false);
    expect(items()).toHaveLength(40);
    expect(more()?.textContent).toBe('More [40/57]');
    before = snapshot();

    const input = master().querySelector<HTMLInputElement>('input.sapMSFI')!;
    input.value = 'READ 0';
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    await handle.idle();
    expect(before.ul.isConnected).toBe(false);
    expect(before.tb.isConnected).toBe(false);
    expect(api.listCalls().at(-1)?.get('filter')).toBe('READ 0');
    expect(items().map((li) => li.querySelector('.sapMObjLTitle')?.textContent)).toEqual([
      ...Array.from({ length: 10 }, (_, i) => `Cust READ 0${i}`),
      ...Array.from({ length: 10 }, (_, i) => `SAP READ 0${i}`),
    ]);
    expect(groups()).toEqual(['Customer Managed (10)', 'SAP Initiated (10)']);
    expect(more()).toBeNull();
    before = snapshot();

    const target = items()[3]!;
    const id = target.dataset.simSystemId!;
    target.click();
    await settle(handle);
    expect(location.hash).toBe(`#/sourceSystems/${id}`);
    expect(before.tb.isConnected).toBe(false);
    expect(before.ul.isConnected).toBe(false);
    const selected = list().querySelector<HTMLElement>('li[aria-selected="true"]');
    expect(selected?.dataset.simSystemId).toBe(id);
    expect(ids.size).toBe(3);
    snapshot();
    expect(ids.size).toBe(4);
  });

  it('navigates to another kind and back through hash links only', async () => {
    installFakeApi([...makeSystems('READ', 3, 0), ...makeSystems('WRITE', 2, 1), ...makeSystems('PROXY', 1, 0)]);
    handle = await openConsole('#/sourceSystems');
    const href = document.querySelector<HTMLAnchorElement>('header.sapShellHeader a[href="#/proxySystems"]');
    expect(href).not.toBeNull();
    await go(handle, '#/targetSystems');
    expect(toolbarEl().querySelector('h2')?.textContent).toBe('Target Systems');
    expect(groups()).toEqual(['Customer Managed (2)', 'SAP Initiated (1)']);
    expect(more()).toBeNull();
    await go(handle, '#/proxySystems');
    expect(toolbarEl().querySelector('h2')?.textContent).toBe('Proxy Systems');
    expect(items()).toHaveLength(1);
  });

  it('renders German labels with ?sap-language=de', async () => {
    installFakeApi(makeSystems('READ', 21, 3, 1));
    handle = await openConsole('#/sourceSystems', '?sap-language=de');
    expect(toolbarEl().querySelector('h2.sapMTitle')?.textContent).toBe('Quellsysteme');
    expect(toolbarEl().querySelector('bdi')?.textContent).toBe('Hinzufügen');
    expect(master().querySelector<HTMLInputElement>('input.sapMSFI')?.placeholder).toBe('Suchen');
    expect(groups()).toEqual(['Vom Kunden verwaltet (21)']);
    expect(more()?.textContent).toBe('Mehr [20/24]');
    const states = new Set(items().map((li) => li.querySelector('.sapMObjStatus')?.textContent));
    expect(states).toEqual(new Set(['Aktiviert']));
    more()!.click();
    await handle.idle();
    expect(groups()).toEqual(['Vom Kunden verwaltet (21)', 'Von SAP initiiert (3)']);
    expect(items()[20]!.querySelector('.sapMObjStatus')?.textContent).toBe('Deaktiviert');
    expect(document.querySelector('header.sapShellHeader')?.textContent).toContain('Zielsysteme');
    expect(document.querySelector('header.sapShellHeader')?.textContent).toContain('Proxysysteme');
  });

  it('shows the session-expired message on 401', async () => {
    const api = installFakeApi(makeSystems('READ', 2, 0));
    api.expired = true;
    handle = await openConsole('#/sourceSystems');
    expect(document.querySelector('[data-sim-message="session-expired"]')?.textContent).toContain(
      'Your session has expired. Reload the page to sign in again.',
    );
  });
});

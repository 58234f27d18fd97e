import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { go, installFakeApi, makeSystems, openConsole, settle } from './fake-api.ts';
import type { FakeSystem } from './fake-api.ts';

// the project root is vitest's working directory
const fixture = (name: string): string => readFileSync(resolve('tests/fixtures/real-exports', name), 'utf8');
const detail = (): HTMLElement => document.querySelector<HTMLElement>('section.sapMSplitContainerDetail > div.sapMPage')!;
const action = (name: string): HTMLButtonElement => {
  const el = document.querySelector<HTMLButtonElement>(`[data-sim-action="${name}"]`);
  if (!el) throw new Error(`no [data-sim-action="${name}"]`);
  return el;
};
const field = <T extends HTMLElement = HTMLInputElement>(name: string): T => detail().querySelector<T>(`[data-sim-field="${name}"]`)!;

async function chooseFile(handle: { idle(): Promise<void> }, name: string, text: string): Promise<void> {
  const input = field('file');
  const file = new File([text], name, { type: '' });
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  input.dispatchEvent(new Event('change'));
  await handle.idle();
}

let handle: { idle(): Promise<void>; dispose(): void } | undefined;
afterEach(() => {
  handle?.dispose();
  handle = undefined;
  vi.unstubAllGlobals();
  document.body.replaceChildren();
});

function realSystems(): FakeSystem[] {
  const source = JSON.parse(fixture('S4Aimportsource.json')) as FakeSystem;
  const target = JSON.parse(fixture('BTPCFprovisioningtarget.json')) as FakeSystem;
  const proxy: FakeSystem = {
    id: '22222222-2222-4222-8222-000000000001',
    name: 'HR Proxy',
    connectorTypeString: 'SOME_NEW_CONNECTOR',
    accessMode: 'PROXY',
    properties: {},
    encryptedProperties: {},
    readTransformation: { user: { mappings: [] } },
    writeTransformation: { user: { mappings: [{ sourcePath: '$.a', targetPath: '$.b' }] } },
  };
  return [source, target, proxy, ...makeSystems('READ', 2, 0)];
}

describe('console page: detail', () => {
  it('shows header, tabs and sorted, masked properties of a target', async () => {
    const systems = realSystems();
    const target = systems[1]!;
    installFakeApi(systems);
    handle = await openConsole(`#/targetSystems/${target.id}`);
    expect(detail().querySelector('h1.sapMTitle')?.textContent).toBe('BTP CF provisioning target');
    expect(detail().querySelector('header span.sapMObjStatus')?.textContent).toBe('Enabled');
    expect(detail().textContent).toContain('Type: SAP BTP XS Advanced UAA (Cloud Foundry)');
    expect(detail().querySelector('[data-sim-action="disable"]')).not.toBeNull();
    expect(detail().querySelector('[data-sim-action="reset"]')).not.toBeNull();
    expect(detail().querySelector('[data-sim-action="delete"]')).not.toBeNull();
    const tabs = [...detail().querySelectorAll('div.sapMITB [role=tab]')].map((t) => t.textContent);
    expect(tabs).toEqual(['Details', 'Transformations', 'Properties', 'Outbound Certificates']);
    expect(detail().querySelector('[data-sim-action="export"]')).not.toBeNull();

    detail().querySelector<HTMLElement>('[data-sim-tab="properties"]')!.click();
    const names = [...detail().querySelectorAll('tr[data-sim-property]')].map((r) => r.getAttribute('data-sim-property')!);
    expect(names).toEqual([...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    expect(names).toContain('Password');
    expect(detail().querySelector('tr[data-sim-property="Password"]')?.textContent).toContain('••••');

    detail().querySelector<HTMLElement>('[data-sim-tab="transformations"]')!.click();
    const code = detail().querySelector('[data-sim-code]')!.textContent!;
    expect(code).toBe(JSON.stringify(target.transformation, null, 4));
    expect(detail().querySelector('.simGutter')!.textContent!.split('\n')).toHaveLength(code.split('\n').length);
  });

  it('shows Jobs for sources, no Reset and a JSON/CSV export menu for proxies, the key as unknown type', async () => {
    const systems = realSystems();
    installFakeApi(systems);
    handle = await openConsole(`#/sourceSystems/${systems[0]!.id}`);
    expect([...detail().querySelectorAll('[role=tab]')].map((t) => t.textContent)).toContain('Jobs');
    expect(detail().textContent).toContain('Type: SAP Application Server ABAP');

    await go(handle, `#/proxySystems/${systems[2]!.id}`);
    expect(detail().textContent).toContain('Type: SOME_NEW_CONNECTOR');
    expect(detail().querySelector('[data-sim-action="reset"]')).toBeNull();
    expect([...detail().querySelectorAll('[role=tab]')].map((t) => t.textContent)).not.toContain('Jobs');
    action('export').click();
    expect([...document.querySelectorAll('[role=menuitem]')].map((m) => m.textContent)).toEqual(
      expect.arrayContaining(['JSON format', 'CSV format']),
    );
    detail().querySelector<HTMLElement>('[data-sim-tab="transformations"]')!.click();
    const switches = [...detail().querySelectorAll('[data-sim-transformation]')].map((b) => b.textContent);
    expect(switches).toEqual(['Read Transformation', 'Write Transformation']);
  });

  it('disables a system with PUT after confirmation, fetching a new CSRF token once on 403', async () => {
    const systems = realSystems();
    const api = installFakeApi(systems);
    handle = await openConsole(`#/sourceSystems/${systems[0]!.id}`);
    api.rotateToken();
    action('disable').click();
    action('dialog-ok').click();
    await vi.waitFor(() => expect(detail().querySelector('[data-sim-action="enable"]')).not.toBeNull());
    await handle.idle();
    const puts = api.calls.filter((c) => c.method === 'PUT');
    expect(puts.map((c) => c.status)).toEqual([403, 200]);
    expect((puts[1]!.body as FakeSystem).state).toBe('DISABLED');
    expect(puts[1]!.headers['x-csrf-token']).toBe('token-2');
    expect(detail().querySelector('header span.sapMObjStatus')?.textContent).toBe('Disabled');
    const item = document.querySelector(`li[data-sim-system-id="${systems[0]!.id}"]`);
    expect(item?.querySelector('.sapMObjStatus')?.textContent).toBe('Disabled');
  });
  it('deletes a system after confirmation and goes back to the list', async () => {
    const systems = realSystems();
    const api = installFakeApi(systems);
    const id = systems[3]!.id;
    handle = await openConsole(`#/sourceSystems/${id}`);
    expect(document.querySelector(`li[data-sim-system-id="${id}"]`)).not.toBeNull();
    action('delete').click();
    action('dialog-cancel').click();
    await settle(handle);
    expect(api.calls.some((c) => c.method === 'DELETE')).toBe(false);
    action('delete').click();
    action('dialog-ok').click();
    await vi.waitFor(() => expect(location.hash).toBe('#/sourceSystems'));
    await settle(handle);
    expect(api.calls.filter((c) => c.method === 'DELETE').map((c) => c.url.pathname)).toEqual([`/ips/service/api/v1/systems/${id}`]);
    expect(document.querySelector(`li[data-sim-system-id="${id}"]`)).toBeNull();
    expect(detail().querySelector('h1.sapMTitle')).toBeNull();
  });
});

describe('console page: Add from file', () => {
  it('pre-fills the form from a target file and posts the file merged with the form', async () => {
    const systems = realSystems();
    const api = installFakeApi(systems);
    handle = await openConsole('#/targetSystems');
    action('add').click();
    await settle(handle);
    expect(location.hash).toBe('#/targetSystems/new');
    expect(detail().textContent).toContain('Define from File');
    expect(detail().textContent).toContain('Browse...');

    const text = fixture('BTPCFprovisioningtarget.json');
    const file = JSON.parse(text) as Record<string, unknown>;
    await chooseFile(handle, 'BTPCFprovisioningtarget', text); // no extension: accepted
    expect(field<HTMLSelectElement>('type').value).toBe('XSUAA');
    expect(field('name').value).toBe('BTP CF provisioning target');
    expect(field('destinationName').value).toBe('');
    const related = field<HTMLSelectElement>('relatedSystems');
    expect([...related.selectedOptions].map((o) => o.value)).toEqual(file.relatedSystems);
    expect(detail().querySelector('[data-sim-message="missing-sources"]')?.textContent).toContain('Local Directory SAP Provisioning');
    const credential = detail().querySelector<HTMLInputElement>('input[data-sim-credential="Password"]')!;
    expect(credential.type).toBe('password');
    expect(credential.placeholder).toBe('Type credential value');

    // empty credential blocks Save; duplicate name comes back from the server
    action('save').click();
    await handle.idle();
    expect(detail().querySelector('.sapMMsgStrip.sapMMsgStripError')?.textContent).toContain('Password');
    expect(api.calls.some((c) => c.method === 'POST')).toBe(false);
    credential.value = 'secret';
    action('save').click();
    await handle.idle();
    expect(detail().querySelector('.sapMMsgStripError')?.textContent).toContain('already exists');

    field('name').value = 'BTP CF provisioning target copy';
    field('description').value = 'Copied';
    action('save').click();
    await settle(handle);
    expect(location.hash).toMatch(/^#\/targetSystems\/11111111-/);

    const post = api.calls.filter((c) => c.method === 'POST').at(-1)!;
    const body = post.body as Record<string, unknown>;
    expect(Object.keys(body).slice(0, Object.keys(file).length)).toEqual(Object.keys(file));
    expect(body).toMatchObject({
      name: 'BTP CF provisioning target copy',
      alias: 'Copied',
      accessMode: 'WRITE',
      connectorTypeString: 'XSUAA',
      encryptedProperties: { Password: 'secret' },
      properties: file.properties as object,
      transformation: file.transformation as object,
    });
    expect(detail().querySelector('h1.sapMTitle')?.textContent).toBe('BTP CF provisioning target copy');
    expect(detail().querySelector('.sapMMsgStrip.sapMMsgStripWarning')?.textContent).toContain(
      'Source system "Local Directory SAP Provisioning" does not exist and was not saved',
    );
  });

  it('refuses a file of another kind, like the console', async () => {
    installFakeApi(realSystems());
    handle = await openConsole('#/sourceSystems/new');
    await chooseFile(handle, 'target.json', fixture('BTPCFprovisioningtarget.json'));
    expect(detail().querySelector('.sapMMsgStrip.sapMMsgStripError')?.textContent).toContain('A target cannot be imported as a source.');
    expect(field('name').value).toBe('');
    expect(detail().querySelector('[data-sim-credential]')).toBeNull();
  });

  it('asks for credentials in German', async () => {
    installFakeApi(realSystems());
    handle = await openConsole('#/targetSystems/new', '?sap-language=de');
    await chooseFile(handle, 'x.json', fixture('BTPCFprovisioningtarget.json'));
    expect(detail().querySelector<HTMLInputElement>('input[data-sim-credential="Password"]')?.placeholder).toBe('Wert der Anmeldeinformation eingeben');
    expect(detail().textContent).toContain('Eigenschaften');
  });

  it('pre-fills a source file in German', async () => {
    installFakeApi(realSystems());
    handle = await openConsole('#/sourceSystems/new', '?sap-language=de');
    expect(detail().textContent).toContain('Aus Datei definieren');
    expect(detail().textContent).toContain('Durchsuchen...');
    expect(action('save').textContent).toBe('Sichern');
    expect(action('cancel').textContent).toBe('Abbrechen');
    await chooseFile(handle, 'ips_system_template_source.json', fixture('ips_system_template_source.json'));
    expect(field<HTMLSelectElement>('type').value).toBe('SAP_CLOUD_IDENTITY');
    expect(field('name').value).toBe('My Identity Authentication service ABAP Developers');
    expect(field('description').value).toBe('Source system to read users and role assignment from');
    expect(detail().querySelector('[data-sim-credential]')).toBeNull();
    expect(detail().querySelector('tr[data-sim-property="ias.user.filter"]')).not.toBeNull();
    expect(field('relatedSystems')).toBeNull();
  });
});

/**
 * The dialog body driven by a real ImportFlow: the background's import handlers answer its messages
 * (fake extension storage and IndexedDB), a fake console takes the writes.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createEvent, fireEvent, render, waitFor, within } from '@testing-library/preact';
import { fakeBrowser } from 'wxt/testing';
import { createImportHandlers } from '@/lib/background/import.ts';
import { SessionExpiredError } from '@/lib/console/errors.ts';
import { ImportFlow, type Send } from '@/lib/import/flow.ts';
import type { SystemFile } from '@/lib/model/system.ts';
import { ImportView } from '@/components/import/ImportView.tsx';
import { DropZone } from '@/components/import/DropZone.tsx';
import { SecretInputs, missingSecrets } from '@/components/import/SecretInputs.tsx';
import { getSnapshotRecords } from '@/lib/snapshots/store.ts';
import { freshDb } from '../snapshots/helpers.ts';
import { ORIGIN, REAL_RECORDS, record } from '../import/helpers.ts';
import { FakeConsole } from './fakes.ts';

const handlers = createImportHandlers(async () => ({ extensionVersion: '0.1.0', retention: 10 }));

function setup(kind: 'source' | 'target' = 'source') {
  const fake = new FakeConsole(REAL_RECORDS().filter((r) => r.id));
  const messages: unknown[] = [];
  const send: Send = async (name, payload) => {
    messages.push({ name, payload });
    const handler = handlers[name as keyof typeof handlers] as (p: unknown, s: object) => Promise<never>;
    return structuredClone(await handler(structuredClone(payload), { url: `${ORIGIN}/ips/`, tabId: 1 }));
  };
  const flow = new ImportFlow(ORIGIN, kind, { send, client: async () => fake });
  let closed = 0;
  const view = render(<ImportView flow={flow} onClose={() => closed++} />);
  return { fake, flow, view, messages, closed: () => closed };
}

const asFile = (name: string, r: SystemFile) => new File([JSON.stringify(r)], name);

beforeEach(() => {
  freshDb();
  fakeBrowser.reset();
});

describe('ImportView', () => {
  it('drop zone → plan (no write) → credentials → confirm → results; the secret goes to the console only', async () => {
    const { fake, flow, view, messages } = setup();
    await flow.open();
    await view.findByTestId('ipx-import-drop');
    const incoming = record('BTPCFimportsource.json', (r) => ((r.tenantId = 'other'), (r.name = 'Copied source')));
    const changed = record('S4Aimportsource.json', (r) => (r.alias = 'changed'));
    await flow.readFiles([asFile('new.json', incoming), asFile('changed', changed)]);
    const table = await view.findByTestId('ipx-plan');
    const rows = within(table).getAllByTestId('ipx-plan-row');
    expect(rows.map((r) => [r.getAttribute('data-name'), r.getAttribute('data-action')])).toEqual([
      ['Copied source', 'create'],
      ['S4A import source', 'update'],
    ]);
    expect(fake.calls.filter((c) => !c.startsWith('LIST') && !c.startsWith('GET'))).toEqual([]);
    expect(view.getByTestId('ipx-import-totals').textContent).toMatch(/^2 systems: 1 create, 1 update, 0 copies, 0 skipped/);

    const apply = view.getByTestId('ipx-import-apply') as HTMLButtonElement;
    expect(apply.disabled).toBe(true);
    expect(view.getByTestId('ipx-import-blocked').textContent).toBe('Type 1 required credential.');
    const secret = view.getAllByTestId('ipx-secret').find((i) => i.getAttribute('data-system') === 'Copied source')!;
    expect(secret.getAttribute('type')).toBe('password');
    fireEvent.input(secret, { target: { value: 'T0p-secret' } });
    await waitFor(() => expect(apply.disabled).toBe(false));
    fireEvent.click(apply);
    expect(view.getByTestId('ipx-import-confirm-text').textContent).toMatch(`Apply 1 create and 1 update to ${ORIGIN}?`);
    fireEvent.click(view.getByTestId('ipx-import-confirm'));
    await waitFor(() => expect(view.getByTestId('ipx-import-summary').textContent).toBe('Import finished: 1 created, 1 updated, 0 skipped, 0 failed.'), { timeout: 5000 });
    expect(view.getAllByTestId('ipx-result-row').map((r) => r.getAttribute('data-status'))).toEqual(['created', 'updated']);
    expect(fake.bodies.find((b) => b.method === 'POST')!.body).toMatchObject({ name: 'Copied source', encryptedProperties: { Password: 'T0p-secret' } });
    expect(JSON.stringify(messages)).not.toContain('T0p-secret');
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).not.toContain('T0p-secret');
    expect(view.container.innerHTML).not.toContain('T0p-secret');

    // Undo keeps the state it is about to change as a snapshot first, then puts the old state back.
    await waitFor(() => expect((view.getByTestId('ipx-import-undo') as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(view.getByTestId('ipx-import-undo'));
    expect(view.getByTestId('ipx-import-undo-text').textContent).toMatch(/Their current state is kept as a snapshot first/);
    fireEvent.click(view.getByTestId('ipx-import-undo-confirm'));
    await waitFor(() => expect(view.getByTestId('ipx-import-summary').textContent).toBe('Undo finished: 1 restored, 1 deleted, 0 skipped, 0 failed.'), { timeout: 5000 });
    const kept = Number(/#(\d+)/.exec(view.getByTestId('ipx-undo-snapshot').textContent!)![1]);
    const beforeUndo = await getSnapshotRecords(kept);
    expect(beforeUndo.snapshot.note).toBe('Before undoing the import with IPS Snapshots');
    expect(beforeUndo.records.map((r) => [r.record!.name, r.record!.alias ?? null]).sort()).toEqual([
      ['Copied source', incoming.alias ?? null],
      ['S4A import source', 'changed'],
    ]);
    expect(JSON.stringify(beforeUndo.records)).not.toContain('T0p-secret');
  });

  it('changing an action re-plans; a row opens its diff; Escape closes', async () => {
    const { flow, view, closed } = setup();
    await flow.open();
    await flow.readFiles([asFile('changed', record('S4Aimportsource.json', (r) => (r.alias = 'changed')))]);
    const row = await view.findByTestId('ipx-plan-row');
    fireEvent.change(within(row).getByTestId('ipx-plan-action'), { target: { value: 'copy' } });
    await waitFor(() => expect(view.getByTestId('ipx-plan-row').getAttribute('data-action')).toBe('copy'));
    expect((view.getByTestId('ipx-plan-copyname') as HTMLInputElement).value).toBe('S4A import source copy');
    const expand = within(view.getByTestId('ipx-plan-row')).getByTestId('ipx-plan-expand');
    fireEvent.click(expand);
    expect(expand.getAttribute('aria-expanded')).toBe('true');
    const diff = await view.findByTestId('ipx-diff');
    await within(diff).findByTestId('ipx-diff-structured');
    expect(within(diff).getByText(/New system: everything in the file is added/)).toBeTruthy();
    fireEvent.keyDown(view.getByTestId('ipx-import-dialog'), { key: 'Escape' });
    expect(closed()).toBe(1);
  });

  it('an expired session pauses the apply; Resume asks for the secret again and repeats no write', async () => {
    const { fake, flow, view } = setup();
    await flow.open();
    const one = record('NON-SAPimportsource.json', (r) => ((r.tenantId = 'other'), (r.name = 'One')));
    const two = record('BTPCFimportsource.json', (r) => ((r.tenantId = 'other'), (r.name = 'Two')));
    await flow.readFiles([asFile('one', one), asFile('two', two)]);
    await view.findByTestId('ipx-plan');
    fake.failures.set('LIST#5', new SessionExpiredError());
    await flow.apply({ two: { Password: 'first' } });
    const paused = await view.findByTestId('ipx-import-paused');
    expect(paused.getAttribute('data-code')).toBe('SESSION_EXPIRED');
    expect(paused.textContent).toMatch(/Sign in to the console again \(reload the page\), then Resume/);
    const resume = view.getByTestId('ipx-import-resume') as HTMLButtonElement;
    expect(resume.disabled).toBe(true);
    fake.failures.clear();

    // A new dialog (after a reload) finds the pending import in the background.
    view.unmount();
    const again = new ImportFlow(ORIGIN, 'source', { send: (flow as unknown as { deps: { send: Send } }).deps.send, client: async () => fake });
    const second = render(<ImportView flow={again} onClose={() => undefined} />);
    await again.open();
    expect((await second.findByTestId('ipx-import-paused')).textContent).toMatch(/An import into this tenant was interrupted after 1 of 2 writes/);
    fireEvent.input(second.getByTestId('ipx-secret'), { target: { value: 'again' } });
    fireEvent.click(second.getByTestId('ipx-import-resume'));
    await waitFor(() => expect(second.getByTestId('ipx-import-summary').textContent).toMatch(/2 created/));
    expect(fake.calls.filter((c) => c.startsWith('POST'))).toEqual(['POST One', 'POST Two']);
    expect(fake.bodies.at(-1)!.body).toMatchObject({ encryptedProperties: { Password: 'again' } });
  });
});

describe('ImportView: linked sources', () => {
  it('offers to import the missing linked sources first, widening the scope to every kind', async () => {
    const { flow, view } = setup('target');
    await flow.open();
    const source = record('NON-SAPimportsource.json', (r) => ((r.tenantId = 'other'), (r.name = 'Linked new source')));
    const target = record('S4Aimporttarget.json', (r) => ((r.tenantId = 'other'), (r.name = 'New target'), (r.relatedSystems = ['Linked new source'])));
    await flow.readFiles([asFile('t.json', target), asFile('s.json', source)]);
    await view.findByTestId('ipx-plan');
    const actionsNow = () => view.getAllByTestId('ipx-plan-row').map((r) => [r.getAttribute('data-name'), r.getAttribute('data-action')]);
    expect(actionsNow()).toEqual([['Linked new source', 'skip'], ['New target', 'create']]);
    const offer = view.getByTestId('ipx-plan-offer-sources');
    expect(offer.textContent).toBe('Import Linked new source first');
    fireEvent.click(offer);
    await waitFor(() => expect(actionsNow()).toEqual([['Linked new source', 'create'], ['New target', 'create']]));
    expect((view.getByTestId('ipx-import-scope') as HTMLSelectElement).value).toBe('all');
    expect(view.queryByTestId('ipx-plan-offer-sources')).toBeNull();
  });
});

describe('DropZone and SecretInputs', () => {
  it('takes dropped files; the picker accepts several files of any name', () => {
    const got: string[][] = [];
    const { getByTestId } = render(<DropZone busy={false} onFiles={(files) => got.push(files.map((f) => f.name))} />);
    const files = [new File(['{}'], 'a.json'), new File(['{}'], 'b')];
    const zone = getByTestId('ipx-import-drop');
    const drop = createEvent.drop(zone);
    Object.defineProperty(drop, 'dataTransfer', { value: { files } });
    fireEvent(zone, drop);
    const input = getByTestId('ipx-import-file') as HTMLInputElement;
    expect(input.multiple).toBe(true);
    expect(input.hasAttribute('accept')).toBe(false);
    expect(got).toEqual([['a.json', 'b']]);
  });

  it('masks values, says which are required, counts the missing ones', () => {
    const fields = [
      { key: 'k', systemName: 'S', name: 'Password', required: true },
      { key: 'k', systemName: 'S', name: 'ssh.password', required: false },
    ];
    const changes: string[] = [];
    const { getAllByTestId } = render(<SecretInputs fields={fields} secrets={{}} onChange={(k, n, v) => changes.push(`${k}/${n}=${v}`)} />);
    const inputs = getAllByTestId('ipx-secret') as HTMLInputElement[];
    expect(inputs.map((i) => [i.type, i.getAttribute('autocomplete'), i.getAttribute('aria-required')])).toEqual([
      ['password', 'off', 'true'],
      ['password', 'off', 'false'],
    ]);
    fireEvent.input(inputs[0]!, { target: { value: 'x' } });
    expect(changes).toEqual(['k/Password=x']);
    expect(missingSecrets(fields, {})).toBe(1);
    expect(missingSecrets(fields, { k: { Password: 'x' } })).toBe(0);
  });
});

describe('ImportView keyboard', () => {
  it('takes focus when it opens, keeps Tab inside, Escape closes, and focus goes back to the opener', async () => {
    const opener = document.createElement('button');
    opener.textContent = 'Import';
    document.body.append(opener);
    opener.focus();
    const { flow, view, closed } = setup();
    const dialog = view.getByTestId('ipx-import-dialog');
    expect(dialog.contains(document.activeElement)).toBe(true);

    await flow.readFiles([asFile('changed.json', record('S4Aimportsource.json', (r) => (r.alias = 'changed')))]);
    await view.findByTestId('ipx-plan');
    // A phase change may remove the focused control: focus stays in the dialog.
    expect(dialog.contains(document.activeElement)).toBe(true);
    const last = [...dialog.querySelectorAll<HTMLElement>('button:not([disabled]), select:not([disabled]), input:not([disabled])')].at(-1)!;
    last.focus();
    fireEvent.keyDown(last, { key: 'Tab' });
    expect(dialog.contains(document.activeElement)).toBe(true);
    expect(document.activeElement).not.toBe(last);
    fireEvent.keyDown(document.activeElement!, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(last);

    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(closed()).toBe(1);
    view.unmount();
    expect(document.activeElement).toBe(opener);
    opener.remove();
  });
});

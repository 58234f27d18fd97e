/**
 * The restore dialog in the console tab, driven by a real ImportFlow against the background's handlers
 * (fake IndexedDB with a stored snapshot) and a fake console: header, the rows of systems created since
 * the snapshot (kept unless ticked), the cross-tenant banner, a refused restore, and Undo of a deletion.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, render, waitFor, within } from '@testing-library/preact';
import { fakeBrowser } from 'wxt/testing';
import { createImportHandlers } from '@/lib/background/import.ts';
import { ImportFlow, type Send } from '@/lib/import/flow.ts';
import { VOLATILE_FIELDS, type SystemFile } from '@/lib/model/system.ts';
import { ImportView } from '@/components/import/ImportView.tsx';
import { ORIGIN, freshDb, realSystems, storedId } from '../snapshots/helpers.ts';
import { FakeConsole } from './fakes.ts';

const handlers = createImportHandlers(async () => ({ extensionVersion: '0.1.0', retention: 10 }));
const withId = () => realSystems().filter((r) => r.id);

function setup(live: SystemFile[], origin = ORIGIN) {
  const fake = new FakeConsole(live);
  const send: Send = async (name, payload) => {
    const handler = handlers[name as keyof typeof handlers] as (p: unknown, s: object) => Promise<never>;
    return structuredClone(await handler(structuredClone(payload), { url: `${origin}/ips/`, tabId: 1 }));
  };
  const flow = new ImportFlow(origin, 'target', { send, client: async () => fake });
  let closed = 0;
  const view = render(<ImportView flow={flow} onClose={() => closed++} />);
  return { fake, flow, view, closed: () => closed };
}

const rowsOf = (view: ReturnType<typeof render>) =>
  within(view.getByTestId('ipx-plan'))
    .getAllByTestId('ipx-plan-row')
    .map((r) => [r.getAttribute('data-name'), r.getAttribute('data-action')]);

beforeEach(() => {
  freshDb();
  fakeBrowser.reset();
});

describe('restore dialog', () => {
  it('offers a system created since the snapshot for deletion, deletes it only when ticked, and Undo creates it again', async () => {
    const systems = withId();
    const id = await storedId(systems);
    const added: SystemFile = { ...structuredClone(systems.find((s) => s.name === 'S4A import target')!), id: 'added-1', name: 'Added since' };
    const { fake, flow, view } = setup([...systems, added]);
    await flow.openRestore({ snapshotId: id });
    await view.findByTestId('ipx-plan');
    expect(view.getByTestId('ipx-import-dialog').getAttribute('data-mode')).toBe('restore');
    expect(view.getByRole('dialog').getAttribute('aria-label')).toBe('Restore a snapshot');
    expect(view.getByTestId('ipx-restore-what').textContent).toMatch(new RegExp(`^From snapshot #${id} of \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC$`));
    expect(view.queryByTestId('ipx-import-scope')).toBeNull();
    expect(view.queryByTestId('ipx-restore-cross-banner')).toBeNull();
    // Everything else is identical: only the added system is listed with an action, and it is kept.
    expect(rowsOf(view)).toEqual([['Added since', 'skip']]);
    expect(view.getByLabelText(/^Hide \d+ systems that are identical in the tenant$/)).toBeTruthy();
    expect(view.getByTestId('ipx-restore-removable').textContent).toMatch(/^1 system of the tenant is not in the snapshot/);
    expect((view.getByTestId('ipx-import-apply') as HTMLButtonElement).disabled).toBe(true);

    // Its diff says it is not in the snapshot and what happens to it.
    fireEvent.click(within(view.getByTestId('ipx-plan-row')).getByTestId('ipx-plan-expand'));
    const header = async () => (await view.findByTestId('ipx-diff')).querySelector('.ipx-diff-tools')!.textContent;
    await waitFor(async () => expect(await header()).toMatch('Live system “Added since”, not in the snapshot: kept as it is'));

    fireEvent.click(view.getByTestId('ipx-plan-delete'));
    await waitFor(() => expect(rowsOf(view).at(-1)).toEqual(['Added since', 'delete']));
    await waitFor(async () => expect(await header()).toMatch('Live system “Added since”, not in the snapshot: deleted'));
    fireEvent.click(view.getByTestId('ipx-import-apply'));
    expect(view.getByTestId('ipx-import-confirm-text').textContent).toMatch(`Apply 1 deletion to ${ORIGIN}?`);
    expect(view.getByTestId('ipx-import-confirm-text').textContent).toMatch('A snapshot of the systems that change or are deleted is kept first');
    fireEvent.click(view.getByTestId('ipx-import-confirm'));
    await waitFor(() => expect(view.getByTestId('ipx-import-summary').textContent).toBe('Restore finished: 0 created, 0 updated, 1 deleted, 0 skipped, 0 failed.'), { timeout: 5000 });
    expect(fake.calls.filter((c) => /^(POST|PUT|DELETE)/.test(c))).toEqual(['DELETE added-1']);
    expect(fake.systems.has('added-1')).toBe(false);
    expect(view.getAllByTestId('ipx-result-row').map((r) => r.getAttribute('data-status'))).toEqual(['deleted']);

    await waitFor(() => expect((view.getByTestId('ipx-import-undo') as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(view.getByTestId('ipx-import-undo'));
    expect(view.getByTestId('ipx-import-undo-text').textContent).toMatch(/^Undo the restore on .*: create 1 deleted system again\?/);
    fireEvent.click(view.getByTestId('ipx-import-undo-confirm'));
    await waitFor(() => expect(view.getByTestId('ipx-import-summary').textContent).toMatch(/^Undo finished: 0 restored, 0 deleted, 1 created again, 0 skipped, 0 failed\.$/), { timeout: 5000 });
    const again = [...fake.systems.values()].find((s) => s.name === 'Added since')!;
    // Created again from the pre-image: everything but the fields the console assigns.
    const own = (r: SystemFile) => Object.fromEntries(Object.entries(r).filter(([k]) => !(VOLATILE_FIELDS as readonly string[]).includes(k)));
    expect(own(again)).toEqual(own(added));
    expect(Object.keys(own(again))).toEqual(Object.keys(own(added)));
  });

  it('names both tenants when the snapshot is of another one, and matches by name', async () => {
    const id = await storedId(withId(), { origin: 'https://other.accounts.ondemand.com' });
    const { flow, view } = setup(withId());
    await flow.openRestore({ snapshotId: id, crossTenant: true });
    await view.findByTestId('ipx-plan');
    const banner = view.getByTestId('ipx-restore-cross-banner').textContent!;
    expect(banner).toContain('https://other.accounts.ondemand.com');
    expect(banner).toContain(ORIGIN);
    // Nothing differs: every row is hidden until the admin asks to see them.
    expect(view.queryAllByTestId('ipx-plan-row')).toEqual([]);
    fireEvent.click(view.getByTestId('ipx-plan-hide-identical'));
    const matches = await view.findAllByTestId('ipx-plan-match');
    expect(matches.length).toBe(withId().length);
    expect(matches.every((m) => /matched by name · identical/.test(m.textContent!))).toBe(true);
    // Compared with the snapshot, not with a file; the other tenant's systems are never offered for deletion.
    expect(view.queryByTestId('ipx-restore-removable')).toBeNull();
    fireEvent.click(within(view.getAllByTestId('ipx-plan-row')[0]!).getByTestId('ipx-plan-expand'));
    await waitFor(() => expect(view.getByTestId('ipx-diff').querySelector('.ipx-diff-tools')!.textContent).toMatch(/^Live system “[^”]+” → snapshot/));
  });

  it('refuses another tenant’s snapshot without the confirmation: nothing is read from the console, the dialog says why', async () => {
    const id = await storedId(withId(), { origin: 'https://other.accounts.ondemand.com' });
    const { fake, flow, view, closed } = setup(withId());
    await flow.openRestore({ snapshotId: id });
    await view.findByTestId('ipx-restore-failed');
    expect(view.getByTestId('ipx-import-error').textContent).toMatch(/is of https:\/\/other\.accounts\.ondemand\.com, not of .*explicit confirmation/);
    expect(fake.calls).toEqual([]);
    fireEvent.click(view.getByTestId('ipx-restore-close'));
    expect(closed()).toBeGreaterThan(0);
  });

  it('Cancel restore forgets the plan and closes', async () => {
    const id = await storedId(withId());
    const { flow, view, closed } = setup(withId());
    await flow.openRestore({ snapshotId: id, systems: [withId()[0]!.id as string] });
    await view.findByTestId('ipx-plan');
    expect(view.queryByTestId('ipx-restore-removable')).toBeNull();
    fireEvent.click(view.getByTestId('ipx-restore-cancel'));
    await waitFor(() => expect(closed()).toBe(1));
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  });
});

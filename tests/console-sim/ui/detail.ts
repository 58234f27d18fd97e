/** Detail pane (right) of one system: header with actions, icon tab bar, Export on each tab's toolbar. */
import { ApiError } from './api.ts';
import { connectorDisplayName } from './connector-types.ts';
import type { PageContext } from './context.ts';
import { busyIndicator, button, confirmDialog, h, messageStrip, statusText, toast, toolbar, uid } from './dom.ts';
import { exportControl } from './download.ts';
import { listHash } from './router.ts';
import { certificatesTab, detailsTab, jobsTab, propertiesTab, TAB_LABELS, tabsFor, transformationsTab } from './tabs.ts';
import type { TabKey } from './tabs.ts';
import { kindOfAccessMode } from './types.ts';
import type { SystemKind, SystemRecord } from './types.ts';

/** Which tab is open survives switching between systems, like in the console. */
export interface DetailState {
  tab: TabKey;
}

/** Loads the system and renders it into `page`; `isCurrent` guards against a newer navigation. */
export async function showSystem(ctx: PageContext, page: HTMLElement, kind: SystemKind, id: string, state: DetailState, isCurrent: () => boolean): Promise<void> {
  page.replaceChildren(busyIndicator(ctx.t('loading')));
  let system: SystemRecord;
  try {
    system = await ctx.api.getSystem(id);
    if (kindOfAccessMode(system.accessMode) !== kind) throw new ApiError(404, ctx.t('notFound'));
  } catch (error) {
    if (!isCurrent()) return;
    const host = h('div', { class: 'simDetailMessages' });
    page.replaceChildren(host);
    ctx.reportError(error instanceof ApiError && error.status === 404 ? new ApiError(404, ctx.t('notFound')) : error, host);
    return;
  }
  if (isCurrent()) renderSystem(ctx, page, kind, system, state);
}

export function renderSystem(ctx: PageContext, page: HTMLElement, kind: SystemKind, system: SystemRecord, state: DetailState): void {
  const messages = h('div', { class: 'simDetailMessages' });
  for (const flash of ctx.takeFlash()) messages.appendChild(messageStrip(flash.type, flash.text));
  const rerender = (updated: SystemRecord): void => renderSystem(ctx, page, kind, updated, state);
  page.replaceChildren(renderHeader(ctx, kind, system, messages, rerender), messages, renderTabBar(ctx, kind, system, state, messages));
}

function renderHeader(ctx: PageContext, kind: SystemKind, system: SystemRecord, messages: HTMLElement, rerender: (s: SystemRecord) => void): HTMLElement {
  const { t } = ctx;
  const enabled = system.state !== 'DISABLED';
  const actions = toolbar(
    null,
    'h2',
    button(t(enabled ? 'disable' : 'enable'), {
      type: 'transparent',
      action: enabled ? 'disable' : 'enable',
      onClick: () => void toggleState(ctx, system, messages, rerender),
    }),
    kind === 'proxy'
      ? null
      : button(t('reset'), {
          type: 'transparent',
          action: 'reset',
          onClick: async () => {
            if (await confirmDialog(t('reset'), t('confirmReset', system.name), dialogLabels(ctx))) toast(t('resetDone', system.name));
          },
        }),
    button(t('delete'), { type: 'transparent', action: 'delete', onClick: () => void remove(ctx, kind, system, messages) }),
  );
  actions.classList.add('simHeaderActions');
  return h(
    'header',
    { class: 'sapMObjectHeader sapMOH simDetailHeader', id: uid('objectHeader') },
    h(
      'div',
      { class: 'simDetailTitleRow' },
      h('h1', { class: 'sapMTitle sapMTitleStyleH3', id: uid('title'), 'data-sim-field': 'detailName' }, system.name),
      statusText(system.state, { enabled: t('enabled'), disabled: t('disabled') }),
    ),
    h('div', { class: 'sapMText simDetailType', 'data-sim-field': 'detailType' }, `${t('type')}: ${connectorDisplayName(system.connectorTypeString)}`),
    actions,
  );
}

function renderTabBar(ctx: PageContext, kind: SystemKind, system: SystemRecord, state: DetailState, messages: HTMLElement): HTMLElement {
  const tabs = tabsFor(kind);
  if (!tabs.includes(state.tab)) state.tab = 'details';
  const header = h('div', { class: 'sapMITH', role: 'tablist' });
  const content = h('div', { class: 'sapMITBContent', role: 'tabpanel', id: uid('tabpanel') });
  const select = (key: TabKey): void => {
    state.tab = key;
    for (const el of header.querySelectorAll<HTMLElement>('[role=tab]')) {
      const on = el.dataset.simTab === key;
      el.classList.toggle('sapMITBSelected', on);
      el.setAttribute('aria-selected', String(on));
      el.tabIndex = on ? 0 : -1;
    }
    content.replaceChildren(renderTab(ctx, kind, system, key, messages));
  };
  for (const key of tabs) {
    const tab = h(
      'div',
      { class: 'sapMITBItem sapMITBFilter', role: 'tab', id: uid('filter'), 'data-sim-tab': key },
      h('div', { class: 'sapMITBText' }, ctx.t(TAB_LABELS[key])),
    );
    tab.addEventListener('click', () => select(key));
    tab.addEventListener('keydown', (e) => e.key === 'Enter' && select(key));
    header.appendChild(tab);
  }
  select(state.tab);
  return h('div', { class: 'sapMITB', id: uid('iconTabBar') }, header, h('div', { class: 'sapMITBContainer' }, content));
}

function renderTab(ctx: PageContext, kind: SystemKind, system: SystemRecord, key: TabKey, messages: HTMLElement): HTMLElement {
  const { t } = ctx;
  const exportBtn = exportControl(ctx, system, kind, messages);
  const extra = key === 'jobs' ? button(t('subscribe'), { type: 'transparent', action: 'subscribe' }) : null;
  const bar = toolbar(t(TAB_LABELS[key]), 'h3', exportBtn, extra);
  const body =
    key === 'details'
      ? detailsTab(ctx, system, kind)
      : key === 'transformations'
        ? transformationsTab(ctx, system, kind)
        : key === 'properties'
          ? propertiesTab(ctx, system)
          : key === 'certificates'
            ? certificatesTab(ctx, system)
            : jobsTab(ctx);
  return h('div', { class: 'simTab', 'data-sim-tab-content': key }, bar, h('div', { class: 'simTabBody' }, body));
}

async function toggleState(ctx: PageContext, system: SystemRecord, messages: HTMLElement, rerender: (s: SystemRecord) => void): Promise<void> {
  const { t } = ctx;
  const enabled = system.state !== 'DISABLED';
  const ok = await confirmDialog(t(enabled ? 'disable' : 'enable'), t(enabled ? 'confirmDisable' : 'confirmEnable', system.name), dialogLabels(ctx));
  if (!ok || !system.id) return;
  try {
    const { warnings: _warnings, ...body } = system;
    const updated = await ctx.api.updateSystem(system.id, { ...body, state: enabled ? 'DISABLED' : 'ENABLED' });
    rerender(updated);
    ctx.refreshList();
  } catch (error) {
    ctx.reportError(error, messages);
  }
}

async function remove(ctx: PageContext, kind: SystemKind, system: SystemRecord, messages: HTMLElement): Promise<void> {
  const { t } = ctx;
  if (!(await confirmDialog(t('delete'), t('confirmDelete', system.name), dialogLabels(ctx))) || !system.id) return;
  try {
    await ctx.api.deleteSystem(system.id);
    toast(t('deleted', system.name));
    ctx.navigate(listHash(kind));
    ctx.refreshList();
  } catch (error) {
    ctx.reportError(error, messages);
  }
}

export function dialogLabels(ctx: PageContext): { ok: string; cancel: string } {
  return { ok: ctx.t('ok'), cancel: ctx.t('cancel') };
}

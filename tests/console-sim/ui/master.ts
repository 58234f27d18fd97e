/**
 * Master list (left): toolbar with title + Add, search field, grouped list, growing "More" trigger.
 * Like UI5 it re-renders the toolbar, the list and the trigger as new elements (new ids) on every search,
 * More and navigation.
 */
import { busyIndicator, button, h, messageStrip, statusText, toolbar, uid, viewId } from './dom.ts';
import type { PageContext } from './context.ts';
import type { LabelKey } from './i18n.ts';
import { addHash, systemHash } from './router.ts';
import { ACCESS_MODE, isSapInitiated } from './types.ts';
import type { SystemKind, SystemSummary } from './types.ts';

export const PAGE_SIZE = 20;
const PROBE_SIZE = 100;

const TITLES: Record<SystemKind, LabelKey> = {
  source: 'sourceSystems',
  target: 'targetSystems',
  proxy: 'proxySystems',
};

interface ListData {
  /** Summaries fetched so far, in server order (may run ahead of what is shown). */
  buffer: SystemSummary[];
  total: number;
  shown: number;
}

export class MasterList {
  private data: ListData | null = null;
  private filter = '';
  private selectedId: string | undefined;
  private loadSeq = 0;
  private firstLoad: Promise<void> | null = null;
  private readonly search: HTMLInputElement;
  private toolbarEl: HTMLElement;
  private listEl: HTMLElement;
  private moreEl: HTMLElement | null = null;

  constructor(
    private readonly ctx: PageContext,
    private readonly page: HTMLElement,
    readonly kind: SystemKind,
  ) {
    this.toolbarEl = this.renderToolbar();
    this.search = h('input', {
      type: 'search',
      class: 'sapMSFI',
      id: uid('input'),
      placeholder: ctx.t('search'),
      'aria-label': ctx.t('search'),
      'data-sim-field': 'search',
    });
    this.search.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') ctx.track(this.load(this.search.value.trim()));
    });
    // The clear ("x") icon of a search input fires `search` with an empty value.
    this.search.addEventListener('search', () => {
      if (this.search.value === '' && this.filter !== '') ctx.track(this.load(''));
    });
    const searchField = h(
      'div',
      { class: 'sapMSF', role: 'search', id: uid('searchField') },
      this.search,
      h('span', { class: 'sapMSFB', 'aria-hidden': 'true' }, '⌕'),
    );
    this.listEl = busyIndicator(ctx.t('loading'));
    page.append(this.toolbarEl, searchField, this.listEl);
  }

  /** Shows the list with `selectedId` marked; loads it the first time (once, however often it is asked). */
  show(selectedId: string | undefined): Promise<void> {
    this.selectedId = selectedId;
    if (this.data !== null) {
      this.render();
      return Promise.resolve();
    }
    this.firstLoad ??= this.load(this.filter).finally(() => {
      this.firstLoad = null;
    });
    return this.firstLoad.then(() => this.render());
  }

  /** Runs a search (`filter`) from the first page. */
  async load(filter: string): Promise<void> {
    this.filter = filter;
    await this.fetchInto(PAGE_SIZE, true);
  }

  /** Reloads as many items as are shown now (after a create, delete or state change). */
  async reload(): Promise<void> {
    await this.fetchInto(Math.max(PAGE_SIZE, this.data?.shown ?? 0), true);
  }

  async more(): Promise<void> {
    if (!this.data) return;
    await this.fetchInto(this.data.shown + PAGE_SIZE, false);
  }

  private async fetchInto(wanted: number, fresh: boolean): Promise<void> {
    const seq = ++this.loadSeq;
    const data: ListData = fresh || !this.data ? { buffer: [], total: 0, shown: 0 } : { ...this.data, buffer: [...this.data.buffer] };
    try {
      if (fresh) data.total = Number.POSITIVE_INFINITY;
      while (data.buffer.length < Math.min(wanted, data.total)) {
        const count = Math.min(PROBE_SIZE, wanted - data.buffer.length);
        if (!(await this.fetchPage(data, count))) break;
      }
      data.shown = Math.min(wanted, data.buffer.length);
      // Group totals: customer-managed systems come first, so they are all known once an SAP-initiated one is seen.
      while (!groupCountsKnown(data)) {
        if (!(await this.fetchPage(data, PROBE_SIZE))) break;
      }
    } catch (error) {
      if (seq !== this.loadSeq) return;
      this.data = null;
      const strip = h('div', { class: 'simListError', id: viewId('list') });
      this.ctx.reportError(error, strip);
      this.replaceList(strip, null);
      this.toolbarEl = replace(this.toolbarEl, this.renderToolbar());
      return;
    }
    if (seq !== this.loadSeq) return;
    this.data = data;
    this.render();
  }

  /** Appends the next page; false when the server has no more. */
  private async fetchPage(data: ListData, count: number): Promise<boolean> {
    const res = await this.ctx.api.listSystems(ACCESS_MODE[this.kind], data.buffer.length + 1, count, this.filter);
    data.total = res.totalResults;
    const known = new Set(data.buffer.map((s) => s.id));
    const fresh = res.Resources.filter((s) => !known.has(s.id));
    data.buffer.push(...fresh);
    return fresh.length > 0;
  }

  private render(): void {
    if (!this.data) return;
    this.toolbarEl = replace(this.toolbarEl, this.renderToolbar());
    this.replaceList(this.renderList(this.data), this.renderMore(this.data));
  }

  private replaceList(list: HTMLElement, more: HTMLElement | null): void {
    this.listEl = replace(this.listEl, list);
    this.moreEl?.remove();
    this.moreEl = more;
    if (more) this.listEl.after(more);
  }

  private renderToolbar(): HTMLElement {
    return toolbar(
      this.ctx.t(TITLES[this.kind]),
      'h2',
      button(this.ctx.t('add'), {
        type: 'transparent',
        action: 'add',
        onClick: () => this.ctx.navigate(addHash(this.kind)),
      }),
    );
  }

  private renderList(data: ListData): HTMLElement {
    const { t } = this.ctx;
    const ul = h('ul', {
      id: viewId('list'),
      class: 'sapMList sapMListUl sapMListShowSeparatorsAll sapMListModeSingleSelectMaster',
      role: 'listbox',
      'aria-label': t(TITLES[this.kind]),
    });
    const customerTotal = data.buffer.filter((s) => !isSapInitiated(s)).length;
    const counts = { customer: customerTotal, sap: Math.max(0, data.total - customerTotal) };
    let group: 'customer' | 'sap' | null = null;
    for (const system of data.buffer.slice(0, data.shown)) {
      const g = isSapInitiated(system) ? 'sap' : 'customer';
      if (g !== group) {
        group = g;
        const label = `${t(g === 'sap' ? 'sapInitiated' : 'customerManaged')} (${counts[g]})`;
        ul.appendChild(h('li', { id: uid('item'), class: 'sapMLIB sapMGHLI', role: 'group', 'data-sim-group': g }, h('span', { class: 'sapMGHLITitle' }, label)));
      }
      ul.appendChild(this.renderItem(system));
    }
    if (data.shown === 0) {
      ul.appendChild(h('li', { id: uid('item'), class: 'sapMLIB sapMListNoData' }, t('noSystems')));
    }
    return ul;
  }

  private renderItem(system: SystemSummary): HTMLLIElement {
    const selected = system.id === this.selectedId;
    const li = h(
      'li',
      {
        id: uid('item'),
        class: `sapMLIB sapMObjLItem sapMLIBHoverable sapMLIBTypeActive${selected ? ' sapMLIBSelected' : ''}`,
        role: 'option',
        tabindex: 0,
        'aria-selected': String(selected),
        'data-sim-system-id': system.id,
      },
      h('span', { class: 'sapMObjLTitle' }, system.name),
      statusText(system.state, { enabled: this.ctx.t('enabled'), disabled: this.ctx.t('disabled') }),
    );
    const open = (): void => this.ctx.navigate(systemHash(this.kind, system.id));
    li.addEventListener('click', open);
    li.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') open();
    });
    return li;
  }

  private renderMore(data: ListData): HTMLElement | null {
    if (data.shown >= data.total) return null;
    const label = `${this.ctx.t('more')} [${data.shown}/${data.total}]`;
    const more = h(
      'button',
      { type: 'button', id: uid('button'), class: 'sapMBtn sapMGrowingListTrigger', 'data-sim-action': 'more' },
      h('span', { class: 'sapMBtnInner' }, h('span', { class: 'sapMBtnContent' }, h('bdi', {}, label))),
    );
    more.addEventListener('click', () => {
      more.disabled = true;
      this.ctx.track(this.more());
    });
    return more;
  }
}

function groupCountsKnown(data: ListData): boolean {
  return data.buffer.length >= data.total || data.buffer.some(isSapInitiated);
}

function replace<T extends HTMLElement>(old: HTMLElement, next: T): T {
  if (old.isConnected) old.replaceWith(next);
  return next;
}

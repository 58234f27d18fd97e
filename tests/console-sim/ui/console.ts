/** The console page: shell, hash router, master-detail view per system kind. */
import { AddForm } from './add.ts';
import { ApiClient, ApiError } from './api.ts';
import type { Flash, PageContext } from './context.ts';
import { showSystem } from './detail.ts';
import type { DetailState } from './detail.ts';
import { h, messageStrip, toast, toolbar, uid } from './dom.ts';
import { languageFromSearch, translator } from './i18n.ts';
import type { LabelKey, Translate } from './i18n.ts';
import { MasterList } from './master.ts';
import { DEFAULT_HASH, listHash, parseRoute } from './router.ts';
import { markActiveNav, renderShell } from './shell.ts';
import type { Route, SystemKind } from './types.ts';

export interface ConsoleHandle {
  /** Resolves when the current route has finished loading (for tests). */
  idle(): Promise<void>;
  dispose(): void;
}

interface SystemsView {
  el: HTMLElement;
  kind: SystemKind;
  master: MasterList;
  detailPage: HTMLElement;
}

export function mountConsole(root: HTMLElement = document.body): ConsoleHandle {
  const abort = new AbortController();
  const language = languageFromSearch(location.search);
  const t = translator(language);
  document.documentElement.lang = language;
  document.title = t('shellTitle');
  root.classList.add('sapUiBody');

  const header = renderShell(t, abort.signal);
  const banner = h('div', { class: 'simBanner' });
  let main: HTMLElement = h('div', { class: 'sapUiView' });
  root.append(header, banner, main);

  let view: SystemsView | null = null;
  let flashes: Flash[] = [];
  let navSeq = 0;
  let pending: Promise<unknown> = Promise.resolve();
  // Navigations waiting for their `hashchange` (fired by the browser in a later task).
  let routed: Array<() => void> = [];
  const detailState: DetailState = { tab: 'details' };

  const showSessionExpired = (): void => {
    if (banner.querySelector('[data-sim-message="session-expired"]')) return;
    banner.appendChild(messageStrip('Error', t('sessionExpired'), 'session-expired'));
  };
  const api = new ApiClient(showSessionExpired);

  const ctx: PageContext = {
    api,
    t,
    navigate: (hash) => {
      if (location.hash === hash) return route();
      // (bounded: a hash the browser normalises differently would never fire)
      ctx.track(new Promise<void>((resolve) => {
        routed.push(resolve);
        setTimeout(resolve, 2000);
      }));
      location.hash = hash;
    },
    reportError: (error, host) => {
      if (error instanceof ApiError && error.status === 401) return showSessionExpired();
      const text = error instanceof ApiError ? error.message : t('requestFailed', error instanceof Error ? error.message : String(error));
      if (host) host.appendChild(messageStrip('Error', text, 'error'));
      else toast(text);
    },
    setFlash: (next) => {
      flashes = next;
    },
    takeFlash: () => {
      const out = flashes;
      flashes = [];
      return out;
    },
    refreshList: () => {
      if (view) ctx.track(view.master.reload());
    },
    track: (work) => {
      pending = Promise.all([pending, work]);
    },
  };

  const replaceMain = (next: HTMLElement): void => {
    main.replaceWith(next);
    main = next;
  };

  const showSystems = (route: Extract<Route, { page: 'systems' }>): void => {
    if (!view || view.kind !== route.kind) {
      const masterPage = h('div', { class: 'sapMPage sapMPageWithHeader', id: uid('page') });
      const detailPage = h('div', { class: 'sapMPage', id: uid('page') });
      const el = h(
        'div',
        { class: 'sapUiView sapUiXMLView', id: uid('xmlview') },
        h(
          'div',
          { class: 'sapMSplitContainer sapMSplitContainerStretchCompress', id: uid('splitContainer') },
          h('section', { class: 'sapMSplitContainerMaster' }, masterPage),
          h('section', { class: 'sapMSplitContainerDetail' }, detailPage),
        ),
      );
      replaceMain(el);
      view = { el, kind: route.kind, master: new MasterList(ctx, masterPage, route.kind), detailPage };
    }
    const current = view;
    const seq = ++navSeq;
    const tasks: Array<Promise<unknown>> = [current.master.show(route.systemId)];
    if (route.add) {
      new AddForm(ctx, current.detailPage, route.kind);
    } else if (route.systemId) {
      tasks.push(showSystem(ctx, current.detailPage, route.kind, route.systemId, detailState, () => seq === navSeq));
    } else {
      current.detailPage.replaceChildren(h('div', { class: 'simEmptyDetail' }, h('p', { class: 'sapMText' }, t('noSelection'))), ...flashStrips());
    }
    for (const task of tasks) ctx.track(task);
  };

  const flashStrips = (): HTMLElement[] => ctx.takeFlash().map((f) => messageStrip(f.type, f.text));

  const route = (): void => {
    const parsed = parseRoute(location.hash);
    if (!parsed) {
      history.replaceState(null, '', DEFAULT_HASH);
      return route();
    }
    markActiveNav(header, parsed);
    if (parsed.page === 'systems') {
      showSystems(parsed);
    } else {
      view = null;
      navSeq++;
      replaceMain(placeholderPage(t, parsed.page));
    }
    const waiting = routed;
    routed = [];
    for (const resolve of waiting) resolve();
  };

  window.addEventListener('hashchange', route, { signal: abort.signal });
  route();

  return {
    idle: async () => {
      // A render may start another (e.g. a refresh after a save); wait until nothing new was queued.
      for (let last: Promise<unknown> | null = null; last !== pending; ) {
        last = pending;
        await last;
      }
    },
    dispose: () => {
      abort.abort();
      header.remove();
      banner.remove();
      main.remove();
    },
  };
}

const PLACEHOLDER_TITLES: Record<'home' | 'users' | 'logs' | 'apps', LabelKey> = {
  home: 'navHome',
  users: 'navUsers',
  logs: 'provisioningLogs',
  apps: 'navApps',
};

function placeholderPage(t: Translate, page: 'home' | 'users' | 'logs' | 'apps'): HTMLElement {
  const content = h('div', { class: 'sapMPage simPlaceholder', id: uid('page') }, toolbar(t(PLACEHOLDER_TITLES[page]), 'h2'));
  if (page === 'home') {
    const kinds: Array<[SystemKind, LabelKey]> = [
      ['source', 'sourceSystems'],
      ['target', 'targetSystems'],
      ['proxy', 'proxySystems'],
    ];
    content.append(
      h('h3', { class: 'sapMTitle simTileGroupTitle' }, t('identityProvisioning')),
      h('div', { class: 'simTiles' }, ...kinds.map(([kind, label]) => h('a', { class: 'sapMGT simTile', href: listHash(kind) }, t(label))), h('a', { class: 'sapMGT simTile', href: '#/provisioningLogs' }, t('provisioningLogs'))),
    );
  } else {
    content.append(h('p', { class: 'sapMText simHint' }, t('placeholderPage')));
  }
  return h('div', { class: 'sapUiView sapUiXMLView', id: uid('xmlview') }, content);
}

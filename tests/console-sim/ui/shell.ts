/** Shell header "Cloud Identity Services" with the top navigation; links only change the hash. */
import { h, uid } from './dom.ts';
import type { Translate } from './i18n.ts';
import type { Route } from './types.ts';

export function renderShell(t: Translate, signal: AbortSignal): HTMLElement {
  const ipsMenu = h(
    'ul',
    { class: 'sapMMenu simNavMenu', role: 'menu', id: uid('menu'), hidden: true },
    menuLink('#/sourceSystems', t('sourceSystems'), 'sourceSystems'),
    menuLink('#/targetSystems', t('targetSystems'), 'targetSystems'),
    menuLink('#/proxySystems', t('proxySystems'), 'proxySystems'),
    menuLink('#/provisioningLogs', t('provisioningLogs'), 'provisioningLogs'),
  );
  const ipsTrigger = h(
    'button',
    { type: 'button', class: 'sapMITBFilter simNavTab', 'aria-haspopup': 'menu', 'aria-expanded': 'false', 'data-sim-nav': 'ips' },
    t('navIps'),
    h('span', { class: 'simNavArrow', 'aria-hidden': 'true' }, '▾'),
  );
  const setOpen = (open: boolean): void => {
    ipsMenu.hidden = !open;
    ipsTrigger.setAttribute('aria-expanded', String(open));
  };
  ipsTrigger.addEventListener('click', () => setOpen(ipsMenu.hidden));
  ipsMenu.addEventListener('click', () => setOpen(false));
  document.addEventListener('click', (e) => {
    if (!ipsMenu.hidden && !ipsHost.contains(e.target as Node)) setOpen(false);
  }, { signal });
  const ipsHost = h('span', { class: 'simNavMenuHost' }, ipsTrigger, ipsMenu);

  return h(
    'header',
    { class: 'sapShellHeader', id: 'shell-header', role: 'banner' },
    h(
      'div',
      { class: 'sapShellHeadBar' },
      h('span', { class: 'sapShellLogo', 'aria-hidden': 'true' }, 'SAP'),
      h('span', { class: 'sapShellTitle' }, t('shellTitle')),
      h('span', { class: 'sapTBSpacer' }),
      h('span', { class: 'sapShellAvatar', 'aria-label': 'User' }, 'AD'),
    ),
    h(
      'nav',
      { class: 'sapShellNav', 'aria-label': 'Top navigation' },
      navLink('#/home', t('navHome'), 'home'),
      navLink('#/users', t('navUsers'), 'users'),
      ipsHost,
      navLink('#/applications', t('navApps'), 'apps'),
    ),
  );
}

/** Marks the active top-level tab. */
export function markActiveNav(header: HTMLElement, route: Route): void {
  const active = route.page === 'systems' || route.page === 'logs' ? 'ips' : route.page;
  for (const el of header.querySelectorAll<HTMLElement>('[data-sim-nav]')) {
    el.classList.toggle('simNavActive', el.dataset.simNav === active);
  }
}

function navLink(href: string, label: string, key: string): HTMLAnchorElement {
  return h('a', { href, class: 'sapMITBFilter simNavTab', 'data-sim-nav': key }, label);
}

function menuLink(href: string, label: string, key: string): HTMLLIElement {
  return h('li', { class: 'sapMMenuItem', role: 'none' }, h('a', { href, role: 'menuitem', 'data-sim-nav-item': key }, label));
}

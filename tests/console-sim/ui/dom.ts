/** Small DOM helpers producing UI5-like markup (sap.m class names, generated ids). */

type Attrs = Record<string, string | number | boolean | undefined | null>;
type Child = Node | string | null | undefined | false;

/** Like UI5: a global control counter that starts at a random offset on every page load. */
let counter = 3 + Math.floor(Math.random() * 40);

export function uid(prefix: string): string {
  return `__${prefix}${counter++}`;
}

/** `__xmlview7--list`: a view-prefixed id, new on every render. */
export function viewId(local: string): string {
  return `${uid('xmlview')}--${local}`;
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') el.className = String(value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

export interface ButtonOptions {
  type?: 'default' | 'emphasized' | 'transparent' | 'reject';
  action?: string;
  icon?: string;
  onClick?: (event: MouseEvent) => void;
  extraClass?: string;
}

/** `button.sapMBtn.sapMBtnBase > span.sapMBtnInner > span.sapMBtnContent > bdi` */
export function button(label: string, options: ButtonOptions = {}): HTMLButtonElement {
  const kind = options.type ?? 'default';
  const innerClass = {
    default: 'sapMBtnDefault',
    emphasized: 'sapMBtnEmphasized',
    transparent: 'sapMBtnTransparent',
    reject: 'sapMBtnReject',
  }[kind];
  const btn = h(
    'button',
    {
      type: 'button',
      id: uid('button'),
      class: `sapMBtn sapMBtnBase${options.extraClass ? ` ${options.extraClass}` : ''}`,
      'data-sim-action': options.action,
    },
    h(
      'span',
      { class: `sapMBtnInner sapMBtnHoverable sapMFocusable sapMBtnText ${innerClass}` },
      options.icon ? h('span', { class: 'sapMBtnIcon', 'aria-hidden': 'true' }, options.icon) : null,
      h('span', { class: 'sapMBtnContent' }, h('bdi', {}, label)),
    ),
  );
  if (options.onClick) btn.addEventListener('click', options.onClick);
  return btn;
}

/** `div.sapMTB.sapMTBStandard.sapMBar[role=toolbar]` with a title, a spacer and the given controls. */
export function toolbar(title: string | null, level: 'h2' | 'h3', ...controls: Child[]): HTMLDivElement {
  return h(
    'div',
    { id: uid('toolbar'), class: 'sapMTB sapMTBStandard sapMTBNewFlex sapMBar', role: 'toolbar' },
    title === null ? null : h(level, { class: 'sapMTitle sapMTitleStyleAuto', id: uid('title') }, title),
    h('span', { class: 'sapMTBSpacer' }),
    ...controls,
  );
}

export type StripType = 'Error' | 'Warning' | 'Success' | 'Information';

export function messageStrip(type: StripType, text: string, sim?: string): HTMLDivElement {
  return h(
    'div',
    {
      id: uid('strip'),
      class: `sapMMsgStrip sapMMsgStrip${type}`,
      role: type === 'Error' ? 'alert' : 'note',
      'data-sim-message': sim,
    },
    h('span', { class: 'sapMMsgStripIcon', 'aria-hidden': 'true' }, { Error: '⊗', Warning: '⚠', Success: '✓', Information: 'ℹ' }[type]),
    h('span', { class: 'sapMText sapMMsgStripMessage' }, text),
  );
}

export function statusText(state: string | undefined, labels: { enabled: string; disabled: string }): HTMLSpanElement {
  const enabled = state !== 'DISABLED';
  return h(
    'span',
    { class: `sapMObjStatus ${enabled ? 'sapMObjStatusSuccess' : 'sapMObjStatusNone'}`, 'data-sim-state': enabled ? 'ENABLED' : 'DISABLED' },
    h('span', { class: 'sapMObjStatusText' }, enabled ? labels.enabled : labels.disabled),
  );
}

/** `sap.m.MessageToast`: bottom-centre, disappears by itself. */
export function toast(text: string): void {
  const el = h('div', { class: 'sapMMessageToast', role: 'status', 'data-sim-toast': '' }, text);
  document.body.appendChild(el);
  setTimeout(() => el.remove(), 3000);
}

export interface DialogLabels {
  ok: string;
  cancel: string;
}

/** Modal confirmation (`sap.m.Dialog`); resolves true on OK. */
export function confirmDialog(title: string, text: string, labels: DialogLabels): Promise<boolean> {
  return new Promise((resolve) => {
    const block = h('div', { class: 'sapMDialogBlockLayer' });
    const close = (result: boolean): void => {
      dialog.remove();
      block.remove();
      document.removeEventListener('keydown', onKey);
      resolve(result);
    };
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') close(false);
    };
    const titleId = uid('title');
    const ok = button(labels.ok, { type: 'emphasized', action: 'dialog-ok', onClick: () => close(true) });
    const dialog = h(
      'div',
      { id: uid('dialog'), class: 'sapMDialog sapMMessageDialog', role: 'alertdialog', 'aria-modal': 'true', 'aria-labelledby': titleId },
      h('header', { class: 'sapMDialogTitle' }, h('h2', { class: 'sapMTitle', id: titleId }, title)),
      h('section', { class: 'sapMDialogSection' }, h('span', { class: 'sapMText' }, text)),
      h(
        'footer',
        { class: 'sapMDialogFooter' },
        h('span', { class: 'sapMTBSpacer' }),
        ok,
        button(labels.cancel, { action: 'dialog-cancel', onClick: () => close(false) }),
      ),
    );
    document.addEventListener('keydown', onKey);
    document.body.append(block, dialog);
    ok.focus();
  });
}

export interface MenuItem {
  label: string;
  action: string;
  onSelect: () => void;
}

/** A button opening a small `sap.m.Menu` below it. */
export function menuButton(label: string, action: string, items: MenuItem[]): HTMLElement {
  const wrapper = h('span', { class: 'simMenuHost' });
  const trigger = button(label, { type: 'transparent', action, extraClass: 'sapMMenuBtn', icon: '⤓' });
  trigger.setAttribute('aria-haspopup', 'menu');
  let menu: HTMLElement | null = null;
  const closeMenu = (): void => {
    menu?.remove();
    menu = null;
    trigger.setAttribute('aria-expanded', 'false');
    document.removeEventListener('click', onOutside, true);
  };
  const onOutside = (e: MouseEvent): void => {
    if (menu && !wrapper.contains(e.target as Node)) closeMenu();
  };
  trigger.addEventListener('click', () => {
    if (menu) return closeMenu();
    menu = h('ul', { class: 'sapMMenu', role: 'menu', id: uid('menu') });
    for (const item of items) {
      const li = h('li', { class: 'sapMMenuItem', role: 'menuitem', tabindex: 0, 'data-sim-action': item.action }, item.label);
      const choose = (): void => {
        closeMenu();
        item.onSelect();
      };
      li.addEventListener('click', choose);
      li.addEventListener('keydown', (e) => e.key === 'Enter' && choose());
      menu.appendChild(li);
    }
    wrapper.appendChild(menu);
    trigger.setAttribute('aria-expanded', 'true');
    document.addEventListener('click', onOutside, true);
  });
  wrapper.appendChild(trigger);
  return wrapper;
}

export function busyIndicator(label: string): HTMLDivElement {
  return h(
    'div',
    { class: 'sapMBusyIndicator', role: 'progressbar', 'aria-label': label, 'data-sim-busy': '' },
    h('span', { class: 'sapMBusyDot' }),
    h('span', { class: 'sapMBusyDot' }),
    h('span', { class: 'sapMBusyDot' }),
  );
}

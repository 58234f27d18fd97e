/**
 * Every DOM selector the extension uses on the console. The console is SAPUI5: element ids are generated
 * per render and labels are translated, so selectors anchor on UI5 control classes and ARIA roles only,
 * never on ids or English text. Each spec lists candidates newest-first; the first that matches wins.
 */
export interface SelectorCandidate {
  css: string;
  /** Which console structure this candidate targets. */
  note: string;
}

export interface SelectorSpec {
  name: string;
  candidates: SelectorCandidate[];
}

export const MASTER_TOOLBAR: SelectorSpec = {
  name: 'systems list toolbar',
  candidates: [
    { css: '.sapMSplitContainerMaster [role="toolbar"]', note: 'sap.m.SplitApp master page, Toolbar/OverflowToolbar role' },
    { css: '.sapMSplitContainerMaster .sapMTB', note: 'sap.m.Toolbar without ARIA role (older UI5)' },
    { css: '.sapMSplitContainerMaster .sapMBar', note: 'sap.m.Bar header (very old UI5)' },
  ],
};

export const MASTER_LIST: SelectorSpec = {
  name: 'systems list',
  candidates: [
    { css: '.sapMSplitContainerMaster [role="listbox"]', note: 'sap.m.List in the master page' },
    { css: '.sapMSplitContainerMaster .sapMList', note: 'sap.m.List without role' },
  ],
};

/** Buttons in a UI5 toolbar, excluding anything we injected ourselves. */
export const TOOLBAR_BUTTON = 'button.sapMBtn:not([data-ipx]), button:not([data-ipx])';

export const OUR_MARKER = 'data-ipx';

export function queryFirst(root: ParentNode, spec: SelectorSpec): Element | null {
  for (const c of spec.candidates) {
    const found = root.querySelector(c.css);
    if (found) return found;
  }
  return null;
}

/** Which candidate of a spec matches (for the selector table test and diagnostics). */
export function matchingCandidate(root: ParentNode, spec: SelectorSpec): SelectorCandidate | null {
  return spec.candidates.find((c) => root.querySelector(c.css)) ?? null;
}

/**
 * Where to put our toolbar buttons: right after the toolbar's last own button (the native "Add"), so
 * they sit next to it whatever its label; at the end of the toolbar when it has no button.
 */
export function toolbarAnchor(toolbar: Element): { parent: Element; after: Element | null } {
  const buttons = [...toolbar.querySelectorAll(TOOLBAR_BUTTON)].filter((b) => !b.closest(`[${OUR_MARKER}]`));
  const last = buttons.at(-1) ?? null;
  return { parent: last?.parentElement ?? toolbar, after: last };
}

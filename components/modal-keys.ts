import type { RefObject } from 'preact';
import { useLayoutEffect } from 'preact/hooks';

/** Every control that can take focus in the modal dialogs (popup and console). */
export const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';

/** The focused element, looking into open shadow roots (the console-side dialogs live in one). */
export function deepActiveElement(root: Document | ShadowRoot = document): HTMLElement | null {
  let active = root.activeElement as HTMLElement | null;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement as HTMLElement;
  return active;
}

function controlsOf(dialog: HTMLElement, selector: string): HTMLElement[] {
  // Controls in a hidden part or a closed <details> cannot take focus.
  // A control taken out of the tab order (e.g. a file input behind its button) is no Tab stop either.
  return [...dialog.querySelectorAll<HTMLElement>(selector)].filter((el) => el.tabIndex >= 0 && !el.closest('[hidden]') && !el.closest('details:not([open]) > :not(summary)'));
}

/**
 * Keys of a modal dialog: Escape cancels (unless `canCancel` says no), Tab and Shift+Tab cycle through
 * the dialog's controls (`selector`) and never leave it.
 */
export function modalKeys(dialog: RefObject<HTMLElement | null>, onCancel: () => void, selector = FOCUSABLE, canCancel: () => boolean = () => true) {
  return (e: KeyboardEvent): void => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      if (canCancel()) onCancel();
      return;
    }
    if (e.key !== 'Tab' || !dialog.current) return;
    const controls = controlsOf(dialog.current, selector);
    const i = controls.indexOf(deepActiveElement(dialog.current.getRootNode() as Document | ShadowRoot) as HTMLElement);
    // From the dialog itself (no control focused yet): Tab goes to the first control, Shift+Tab to the last.
    const next = i < 0 ? controls.at(e.shiftKey ? -1 : 0) : controls[(i + (e.shiftKey ? -1 : 1) + controls.length) % controls.length];
    if (next) {
      e.preventDefault();
      next.focus();
    }
  };
}

/**
 * On closing a dialog, focus goes back to where it was when it opened. Call it before any effect that
 * moves focus into the dialog (effects run in order), so that it captures the opener.
 */
export function useReturnFocus(): void {
  useLayoutEffect(() => {
    const before = deepActiveElement();
    return () => {
      if (before?.isConnected) before.focus();
    };
  }, []);
}

/**
 * Keeps focus in a modal dialog: whenever focus is outside it after a render (on opening, or when the
 * control that had it went away with a phase change), the first control matching `first` — or the dialog
 * itself (give it tabIndex -1) — takes it. On closing, focus goes back to where it was before.
 */
export function useModalFocus(dialog: RefObject<HTMLElement | null>, first?: string): void {
  useReturnFocus();
  useLayoutEffect(() => {
    const box = dialog.current;
    if (!box) return;
    const active = deepActiveElement(box.getRootNode() as Document | ShadowRoot);
    if (active && box.contains(active)) return;
    const target = (first ? controlsOf(box, first)[0] : undefined) ?? box;
    target.focus();
  });
}

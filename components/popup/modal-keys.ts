import type { RefObject } from 'preact';

/** Every control that can take focus in the popup's modal dialogs. */
export const FOCUSABLE = 'select:not([disabled]), input:not([disabled]), button:not([disabled])';

/**
 * Keys of a modal dialog: Escape cancels, Tab and Shift+Tab cycle through the dialog's controls
 * (`selector`) and never leave it.
 */
export function modalKeys(dialog: RefObject<HTMLElement | null>, onCancel: () => void, selector = FOCUSABLE) {
  return (e: KeyboardEvent): void => {
    if (e.key === 'Escape') {
      e.preventDefault();
      onCancel();
    }
    if (e.key !== 'Tab') return;
    const controls = [...(dialog.current?.querySelectorAll<HTMLElement>(selector) ?? [])];
    const i = controls.indexOf(document.activeElement as HTMLElement);
    const next = controls[(i + (e.shiftKey ? -1 : 1) + controls.length) % controls.length];
    if (next) {
      e.preventDefault();
      next.focus();
    }
  };
}

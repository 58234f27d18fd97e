import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { modalKeys, useReturnFocus } from '../modal-keys.ts';

export interface ConfirmDialogProps {
  title: string;
  children: ComponentChildren;
  confirm: string;
  danger?: boolean;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/** A modal question; focus starts on Cancel (the safe answer), Escape cancels, Tab stays inside. */
export function ConfirmDialog({ title, children, confirm, danger, busy, onConfirm, onCancel }: ConfirmDialogProps) {
  const dialog = useRef<HTMLElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  useReturnFocus();
  useLayoutEffect(() => cancel.current?.focus(), []);
  const onKeyDown = modalKeys(dialog, onCancel, 'button:not([disabled])');

  return (
    <>
      <div class="ipx-backdrop" onClick={onCancel} />
      <section ref={dialog} class="ipx-dialog ipx-confirm" role="alertdialog" aria-modal="true" aria-label={title} data-testid="ipx-confirm" onKeyDown={onKeyDown}>
        <header class="ipx-panel-head">{title}</header>
        <div class="ipx-dialog-body">{children}</div>
        <footer class="ipx-dialog-foot">
          <span class="ipx-grow" />
          <button type="button" ref={cancel} class="ipx-btn" data-testid="ipx-confirm-cancel" onClick={onCancel}>Cancel</button>
          <button type="button" class={`ipx-btn ipx-emph${danger ? ' ipx-danger' : ''}`} data-testid="ipx-confirm-ok" disabled={busy} onClick={onConfirm}>
            {confirm}
          </button>
        </footer>
      </section>
    </>
  );
}

/** modalKeys: Tab stays in the dialog, from the dialog itself too, and skips controls out of the tab order. */
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render } from '@testing-library/preact';
import { useRef } from 'preact/hooks';
import { modalKeys } from '@/components/modal-keys';

function Dialog({ onCancel, canCancel }: { onCancel: () => void; canCancel?: () => boolean }) {
  const ref = useRef<HTMLElement>(null);
  return (
    <section ref={ref} tabIndex={-1} data-testid="dialog" onKeyDown={modalKeys(ref, onCancel, undefined, canCancel)}>
      <button type="button">first</button>
      <input type="file" tabIndex={-1} data-testid="hidden-file" />
      <button type="button" disabled>disabled</button>
      <button type="button">last</button>
    </section>
  );
}

describe('modalKeys', () => {
  it('from the dialog itself: Tab goes to the first control, Shift+Tab to the last; a tabindex -1 input is skipped', () => {
    const view = render(<Dialog onCancel={() => undefined} />);
    const dialog = view.getByTestId('dialog');
    dialog.focus();
    fireEvent.keyDown(dialog, { key: 'Tab', shiftKey: true });
    expect(document.activeElement?.textContent).toBe('last');
    dialog.focus();
    fireEvent.keyDown(dialog, { key: 'Tab' });
    expect(document.activeElement?.textContent).toBe('first');
    fireEvent.keyDown(document.activeElement!, { key: 'Tab' });
    expect(document.activeElement?.textContent).toBe('last');
    fireEvent.keyDown(document.activeElement!, { key: 'Tab' });
    expect(document.activeElement?.textContent).toBe('first');
  });

  it('Escape cancels unless the dialog says it can’t be closed now', () => {
    const onCancel = vi.fn();
    let closable = false;
    const view = render(<Dialog onCancel={onCancel} canCancel={() => closable} />);
    fireEvent.keyDown(view.getByTestId('dialog'), { key: 'Escape' });
    expect(onCancel).not.toHaveBeenCalled();
    closable = true;
    fireEvent.keyDown(view.getByTestId('dialog'), { key: 'Escape' });
    expect(onCancel).toHaveBeenCalledTimes(1);
  });
});

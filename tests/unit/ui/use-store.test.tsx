/** useStore: a value set before the view subscribed (effects run after paint) is not missed. */
import { describe, expect, it } from 'vitest';
import { act, render } from '@testing-library/preact';
import { useLayoutEffect } from 'preact/hooks';
import { Store } from '@/lib/ui/store';
import { useStore } from '@/lib/ui/use-store';

function Show({ store, early }: { store: Store<string>; early?: string }) {
  const value = useStore(store);
  // Runs before useStore's effect subscribes: the window in which a plain subscribe-in-effect misses a change.
  useLayoutEffect(() => {
    if (early !== undefined) store.set(early);
  }, []);
  return <p data-testid="value">{value}</p>;
}

describe('useStore', () => {
  it('shows a value set between the first render and the subscription', async () => {
    const store = new Store('first');
    const view = render(<Show store={store} early="set early" />);
    await act(async () => {});
    expect(view.getByTestId('value').textContent).toBe('set early');
  });

  it('follows later changes and stops listening when unmounted', async () => {
    const store = new Store('a');
    const view = render(<Show store={store} />);
    await act(async () => {});
    act(() => store.set('b'));
    expect(view.getByTestId('value').textContent).toBe('b');
    view.unmount();
    expect(() => store.set('c')).not.toThrow();
  });
});

/**
 * One signal-aware observer for the console's re-renders: calls `check` after every batch of DOM
 * mutations (coalesced to one call per animation frame) and once at start. No polling, no sleeps.
 */
export function observeDom(check: () => void, signal: AbortSignal, root: Node = document.body): void {
  let scheduled = false;
  const run = () => {
    scheduled = false;
    if (!signal.aborted) check();
  };
  const observer = new MutationObserver(() => {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(run);
  });
  observer.observe(root, { childList: true, subtree: true });
  signal.addEventListener('abort', () => observer.disconnect(), { once: true });
  check();
}

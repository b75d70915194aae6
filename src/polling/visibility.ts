/** Called with `true` when the page becomes hidden and `false` when it becomes visible. */
export type VisibilityListener = (hidden: boolean) => void;

const listeners = new Set<VisibilityListener>();
let detach: (() => void) | undefined;

function hasDocument(): boolean {
  return typeof document !== 'undefined' && typeof document.addEventListener === 'function';
}

/**
 * True while the page is hidden (a background tab); always false without a DOM.
 * @example if (!isPageHidden()) refresh()
 */
export function isPageHidden(): boolean {
  return hasDocument() && document.visibilityState === 'hidden';
}

/**
 * Listen to page visibility. One `visibilitychange` listener is attached on the first
 * subscription and removed with the last, so stopped pollers leave nothing on `document`.
 * Without a DOM it does nothing. Returns the unsubscribe function (idempotent).
 *
 * @example const off = onVisibilityChange((hidden) => { if (!hidden) refresh() }); … off()
 */
export function onVisibilityChange(listener: VisibilityListener): () => void {
  if (!hasDocument()) return () => {};
  const wrapped: VisibilityListener = (hidden) => listener(hidden);
  listeners.add(wrapped);
  if (!detach) {
    const target = document;
    const handler = () => {
      const hidden = isPageHidden();
      // A copy: a listener may unsubscribe (stop its poller) while we iterate.
      for (const each of [...listeners]) if (listeners.has(each)) each(hidden);
    };
    target.addEventListener('visibilitychange', handler);
    detach = () => target.removeEventListener('visibilitychange', handler);
  }
  return () => {
    if (!listeners.delete(wrapped) || listeners.size > 0) return;
    detach?.();
    detach = undefined;
  };
}

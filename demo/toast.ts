import { h } from './dom';

let hideTimer: ReturnType<typeof setTimeout> | undefined;

/**
 * A one-line toast in the corner, for an instance's global `onError` hook: the kit never shows
 * UI itself, it calls the hook and the app decides what the user sees.
 */
export function toast(text: string) {
  let box = document.querySelector<HTMLElement>('#toast');
  if (!box) {
    box = h('div', { id: 'toast', role: 'status' });
    document.body.append(box);
  }
  box.textContent = text;
  box.hidden = false;
  clearTimeout(hideTimer);
  hideTimer = setTimeout(() => {
    if (box) box.hidden = true;
  }, 3_000);
}

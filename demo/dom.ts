import { isApiError } from '../src/request';

/** The element matching `selector`; a missing one is a bug in index.html, so it throws. */
export function $<T extends Element = HTMLElement>(
  selector: string,
  root: ParentNode = document,
): T {
  const element = root.querySelector<T>(selector);
  if (!element) throw new Error(`demo: ${selector} is missing from index.html`);
  return element;
}

type Child = Node | string | null | undefined | false;

/** A tiny element builder: `h('li', { className: 'ok' }, 'text', h('time', {}, '12:00'))`. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> & { dataset?: Record<string, string> } = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const { dataset, ...rest } = props;
  const element = Object.assign(document.createElement(tag), rest);
  if (dataset) Object.assign(element.dataset, dataset);
  for (const child of children) if (child) element.append(child);
  return element;
}

/** Set a status line's text and tone. */
export function status(element: HTMLElement, text: string, tone: '' | 'ok' | 'bad' = '') {
  element.textContent = text;
  element.className = `status ${tone}`;
}

/** `12:04:31` for a date. */
export function clock(date: Date = new Date()): string {
  return date.toTimeString().slice(0, 8);
}

/**
 * One line for any failure: an `ApiError` says its kind, status and mapped message, and for a
 * validation error what failed (`detail`, e.g. the field of a rejected input).
 */
export function describe(error: unknown): string {
  if (!isApiError(error)) return String(error);
  const status = error.status ? ` ${error.status}` : '';
  const detail = error.detail ? ` (${error.detail})` : '';
  return `${error.kind}${status}: ${error.message}${detail}`;
}

/** True for a cancel we asked for (a stopped poller, a closed panel): not worth showing. */
export function isCancel(error: unknown): boolean {
  return isApiError(error) && error.kind === 'canceled';
}

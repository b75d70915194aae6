import type { GenericAbortSignal } from 'axios';

type Listener =
  | ((this: LightSignal, event: AbortEvent) => void)
  | { handleEvent(event: AbortEvent): void };

/** The event a `LightSignal` dispatches. */
export interface AbortEvent {
  type: 'abort';
  target: LightSignal;
}

/**
 * The abort signal the kit hands axios for each attempt: axios's `GenericAbortSignal` contract
 * (`aborted`, `reason`, `onabort`, `addEventListener`, `removeEventListener`), which its xhr, http
 * and fetch adapters all accept. Why not an AbortController: creating a real `AbortSignal` costs
 * several microseconds in Node 20, a large share of the kit's per-request cost, for a signal that
 * is almost never aborted. Code that needs a real `AbortSignal` passes its own in `config.signal`.
 *
 * @example const signal = new LightSignal(); axiosInstance.request({ signal }); signal.abort('stop')
 */
export class LightSignal implements GenericAbortSignal {
  /** Whether `abort` was called. */
  aborted = false;
  /** What `abort` was called with. */
  reason: unknown = undefined;
  /** Called on abort, like `AbortSignal.onabort`. */
  onabort: ((event: AbortEvent) => void) | null = null;
  #listeners: Listener[] | undefined;

  /** Listen for `'abort'` (other event types never fire). A signal aborts once: every listener is called once. */
  addEventListener(type: string, listener: Listener | null, _options?: { once?: boolean }): void {
    if (type !== 'abort' || !listener) return;
    this.#listeners ??= [];
    this.#listeners.push(listener);
  }

  /** Stop listening (also a `once` listener, by the function that was added). */
  removeEventListener(type: string, listener: Listener | null): void {
    const listeners = this.#listeners;
    const index = listeners && type === 'abort' ? listeners.indexOf(listener as Listener) : -1;
    if (index >= 0) listeners?.splice(index, 1);
  }

  /** Abort once: set `aborted` and `reason`, then call `onabort` and every listener (then dropped). */
  abort(reason?: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const event: AbortEvent = { type: 'abort', target: this };
    this.onabort?.(event);
    const listeners = this.#listeners ?? [];
    this.#listeners = undefined;
    for (const listener of listeners) {
      if (typeof listener === 'function') listener.call(this, event);
      else listener.handleEvent(event);
    }
  }

  /** Throw `reason` when aborted, like `AbortSignal.throwIfAborted`. */
  throwIfAborted(): void {
    if (this.aborted) throw this.reason;
  }
}

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
  #listeners: { listener: Listener; once: boolean }[] | undefined;

  /** Listen for `'abort'` (other event types never fire); `once` listeners are removed after one call. */
  addEventListener(type: string, listener: Listener | null, options?: { once?: boolean }): void {
    if (type !== 'abort' || !listener) return;
    this.#listeners ??= [];
    this.#listeners.push({ listener, once: options?.once === true });
  }

  /** Stop listening (also a `once` listener, by the function that was added). */
  removeEventListener(type: string, listener: Listener | null): void {
    if (type !== 'abort' || !listener || !this.#listeners) return;
    const index = this.#listeners.findIndex((entry) => entry.listener === listener);
    if (index >= 0) this.#listeners.splice(index, 1);
  }

  /** Abort once: set `aborted` and `reason`, then call `onabort` and every listener. */
  abort(reason?: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const event: AbortEvent = { type: 'abort', target: this };
    this.onabort?.(event);
    const entries = this.#listeners ?? [];
    this.#listeners = entries.filter((entry) => !entry.once);
    for (const entry of entries) call(entry.listener, this, event);
  }

  /** Throw `reason` when aborted, like `AbortSignal.throwIfAborted`. */
  throwIfAborted(): void {
    if (this.aborted) throw this.reason;
  }
}

function call(listener: Listener, signal: LightSignal, event: AbortEvent): void {
  if (typeof listener === 'function') listener.call(signal, event);
  else listener.handleEvent(event);
}

/**
 * The bridge between a stream's reader (which pushes) and a `for await` loop (which pulls).
 * Events wait here until the loop takes them; the reader asks `drained()` before reading more,
 * so a slow loop holds back the network instead of piling events up in memory.
 */
export interface EventQueue<T> {
  /** Add an event; a loop waiting in `next()` gets it at once. Ignored after `end()`. */
  push(value: T): void;
  /** No more events: after the queued ones the loop ends, or rejects with `error`. */
  end(error?: unknown): void;
  /** End now, dropping what is queued: the loop ends quietly. */
  clear(): void;
  /** The loop's side: the next event, or `done` once ended and empty. */
  next(): Promise<IteratorResult<T, undefined>>;
  /** Nothing when the loop has taken every event; otherwise a promise settled once it has (or on end). */
  drained(): Promise<void> | undefined;
}

interface Waiter<T> {
  resolve(result: IteratorResult<T, undefined>): void;
  reject(error: unknown): void;
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/** @example const queue = createEventQueue<Ev>(); queue.push(ev); await queue.next() */
export function createEventQueue<T>(): EventQueue<T> {
  const buffer: T[] = [];
  let head = 0;
  let waiter: Waiter<T> | undefined;
  let ended = false;
  let failure: { error: unknown } | undefined;
  let onDrained: (() => void) | undefined;

  const settleDrained = () => {
    const resolve = onDrained;
    onDrained = undefined;
    resolve?.();
  };

  const finishWaiter = () => {
    const w = waiter;
    if (!w) return;
    waiter = undefined;
    if (failure) w.reject(failure.error);
    else w.resolve(DONE);
  };

  return {
    push(value) {
      if (ended) return;
      if (waiter) {
        const w = waiter;
        waiter = undefined;
        w.resolve({ done: false, value });
        return;
      }
      buffer.push(value);
    },
    end(error) {
      if (ended) return;
      ended = true;
      if (error !== undefined) failure = { error };
      // Queued events still reach the loop first; only an idle loop hears the end now.
      if (head >= buffer.length) finishWaiter();
      settleDrained();
    },
    clear() {
      buffer.length = 0;
      head = 0;
      ended = true;
      failure = undefined;
      finishWaiter();
      settleDrained();
    },
    next() {
      if (head < buffer.length) {
        const value = buffer[head] as T;
        head += 1;
        if (head === buffer.length) {
          buffer.length = 0;
          head = 0;
          settleDrained();
        }
        return Promise.resolve({ done: false, value });
      }
      if (ended) {
        if (!failure) return Promise.resolve(DONE);
        const { error } = failure;
        // The error is told once; later calls see a finished iterator.
        failure = undefined;
        return Promise.reject(error);
      }
      return new Promise((resolve, reject) => {
        waiter = { resolve, reject };
      });
    },
    drained() {
      if (ended || head >= buffer.length) return undefined;
      return new Promise<void>((resolve) => {
        onDrained = resolve;
      });
    },
  };
}

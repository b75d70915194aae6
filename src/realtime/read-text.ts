import { untilAborted } from '../core';

/** A response body as axios hands it over for `responseType: 'stream'`. */
export type StreamBody = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string>;

function isWebStream(body: unknown): body is ReadableStream<Uint8Array> {
  return typeof (body as ReadableStream | null)?.getReader === 'function';
}

function isAsyncIterable(body: unknown): body is AsyncIterable<Uint8Array | string> {
  return typeof (body as AsyncIterable<unknown> | null)?.[Symbol.asyncIterator] === 'function';
}

/** True for a body `readText` can read: a web `ReadableStream` or a Node `Readable`. */
export function isStreamBody(body: unknown): body is StreamBody {
  return isWebStream(body) || isAsyncIterable(body);
}

/**
 * Read a streamed body to its end, handing each decoded piece of text to `onText` as it
 * arrives. Axios gives a web `ReadableStream` from its fetch adapter (browsers and Node) and a
 * Node `Readable` from its http adapter; both are read here, decoded with one streaming
 * `TextDecoder` so a character split across two chunks is not mangled (and a leading BOM is
 * dropped, as SSE requires). Resolves at the end of the body; rejects if reading fails.
 * Aborting `signal` stops the read and releases the body (the connection closes). When
 * `onText` returns a promise (a consumer that has not caught up), the next chunk is read only
 * once it settles: that is the backpressure, nothing piles up in memory.
 */
export async function readText(
  body: StreamBody,
  // `unknown`, not `void | Promise`: a callback that returns something else (`push`) still fits.
  onText: (text: string) => unknown,
  signal?: AbortSignal,
): Promise<void> {
  const decoder = new TextDecoder();
  const web = isWebStream(body);
  const reader = web ? body.getReader() : undefined;
  const iterator = web ? undefined : body[Symbol.asyncIterator]();
  const next = (): Promise<IteratorResult<Uint8Array | string>> =>
    reader
      ? (reader.read() as Promise<IteratorResult<Uint8Array>>)
      : (iterator as AsyncIterator<Uint8Array | string>).next();
  let finished = false;
  try {
    if (signal?.aborted) throw signal.reason;
    for (;;) {
      const pending = next();
      // The read that loses the race to an abort rejects later, when the body is torn down.
      pending.catch(ignoreCancelFailure);
      // An abort must end the read now: a wrapped body may not settle a pending read until the
      // server's next byte, which on a quiet stream can be never.
      const { done, value } = await (signal ? untilAborted(pending, signal) : pending);
      if (done) break;
      const text = typeof value === 'string' ? value : decoder.decode(value, { stream: true });
      if (text) {
        const wait = onText(text);
        if (wait instanceof Promise) await (signal ? untilAborted(wait, signal) : wait);
      }
    }
    finished = true;
  } finally {
    if (finished) reader?.releaseLock();
    // Cancelling is what releases the connection; an unread body keeps it.
    else if (reader) reader.cancel(signal?.reason).catch(ignoreCancelFailure);
    else {
      (body as { destroy?(): void }).destroy?.();
      iterator?.return?.().catch(ignoreCancelFailure);
    }
  }
  const rest = decoder.decode();
  if (rest) onText(rest);
}

/** Release a body nobody will read (an error response's stream), so its socket closes. */
export function discardBody(body: unknown): void {
  if (isWebStream(body)) {
    if (!body.locked) body.cancel().catch(ignoreCancelFailure);
  } else if (isAsyncIterable(body)) {
    (body as { destroy?(): void }).destroy?.();
  }
}

// A body being thrown away may already be errored or closed; that is the outcome we wanted.
function ignoreCancelFailure(): void {}

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
 * Aborting `signal` stops the read and releases the body (the connection closes).
 */
export async function readText(
  body: StreamBody,
  onText: (text: string) => void,
  signal?: AbortSignal,
): Promise<void> {
  const decoder = new TextDecoder();
  const push = (chunk: Uint8Array | string) => {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (text) onText(text);
  };
  if (isWebStream(body)) {
    const reader = body.getReader();
    // Cancelling the reader is what makes the fetch drop the socket; an unread body keeps it.
    const cancel = () => {
      reader.cancel(signal?.reason).catch(ignoreCancelFailure);
    };
    let finished = false;
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      if (signal?.aborted) throw signal.reason;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (signal?.aborted) throw signal.reason;
        push(value);
      }
      finished = true;
    } finally {
      signal?.removeEventListener('abort', cancel);
      if (!finished) cancel();
      reader.releaseLock();
    }
  } else {
    // Breaking out of `for await` destroys a Node Readable; an abort must also end a pending read.
    const destroy = () => (body as { destroy?(): void }).destroy?.();
    signal?.addEventListener('abort', destroy, { once: true });
    try {
      if (signal?.aborted) throw signal.reason;
      for await (const chunk of body) {
        if (signal?.aborted) throw signal.reason;
        push(chunk);
      }
      if (signal?.aborted) throw signal.reason;
    } finally {
      signal?.removeEventListener('abort', destroy);
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

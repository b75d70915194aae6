import axios, { type CancelToken } from 'axios';

/** A `cancelToken` for one streamed request, and the way to let go of it. */
export interface BodyCancel {
  cancelToken: CancelToken;
  /** Close the connection if it is still open (a no-op once the body has ended) and detach. */
  release(): void;
}

/**
 * A `cancelToken` that follows `signal` for as long as the response body is being read.
 * Why not the signal alone: the instance links `config.signal` to the request only until the
 * response arrives (so a long-lived caller signal does not collect listeners), but a streamed
 * body arrives after that. Both axios adapters keep a request's `cancelToken` subscribed until
 * its streamed body ends, so aborting then still closes the connection instead of leaving a
 * read pending until the server's next byte.
 */
export function bodyCancel(signal: AbortSignal): BodyCancel {
  let cancel: (message: string) => void = () => {};
  const cancelToken = new axios.CancelToken((executor) => {
    cancel = executor;
  });
  const onAbort = () => cancel('canceled');
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  return {
    cancelToken,
    release() {
      signal.removeEventListener('abort', onAbort);
      onAbort();
    },
  };
}

import axios, { type CancelToken } from 'axios';

/**
 * A `cancelToken` that follows `signal` for as long as the response body is being read.
 * Why not the signal alone: the instance links `config.signal` to the request only until the
 * response arrives (so a long-lived caller signal does not collect listeners), but a streamed
 * body arrives after that. Both axios adapters keep a request's `cancelToken` subscribed until
 * its streamed body ends, so aborting then still closes the connection instead of leaving a
 * read pending until the server's next byte. `dispose()` detaches from the signal.
 */
export function bodyCancelToken(signal: AbortSignal): {
  cancelToken: CancelToken;
  dispose(): void;
} {
  let onAbort = () => {};
  const cancelToken = new axios.CancelToken((cancel) => {
    onAbort = () => cancel('canceled');
  });
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  return { cancelToken, dispose: () => signal.removeEventListener('abort', onAbort) };
}

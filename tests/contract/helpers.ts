import { HttpResponse, http as rest } from 'msw';
import { expect } from 'vitest';
import { server } from '../setup/msw';

/** An origin no other test file uses, so handlers here cannot answer anyone else. */
export const API = 'https://contract.test';

/** What one route has seen: each request's method, URL and headers, in order. */
export interface Seen {
  readonly requests: Request[];
  readonly count: number;
}

/**
 * A route on `API + path` answering each request with `answer(n)` (n = 0 for the first),
 * recording what it saw. `answer` may return a promise (a gate the test opens).
 */
export function route(
  path: string,
  answer: (n: number, request: Request) => Response | Promise<Response> = () =>
    HttpResponse.json({ ok: true }),
): Seen {
  const requests: Request[] = [];
  server.use(
    rest.all(`${API}${path}`, ({ request }) => {
      requests.push(request);
      return answer(requests.length - 1, request);
    }),
  );
  return {
    requests,
    get count() {
      return requests.length;
    },
  };
}

/** A promise the test resolves by hand: `gate.open()`. */
export function gate(): { promise: Promise<void>; open(): void } {
  let open = () => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** Let real I/O turns pass (msw answering) until `done()` holds: bounded, no wall-clock sleep. */
export async function turnsUntil(done: () => boolean, turns = 500): Promise<void> {
  for (let turn = 0; turn < turns && !done(); turn++) {
    await new Promise((resolve) => setImmediate(resolve));
  }
  expect(done()).toBe(true);
  // A few more turns so what followed (a failed attempt reaching its backoff) has run.
  for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
}

/** Resolve with the rejection of `promise` (fails the test when it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

import type { User } from '../src/api';

/**
 * The page's own sign-in state: panels that need a token start on `signed-in` and stop on
 * `signed-out`. (The kit only holds the tokens, in `tokenStore`; what the UI does is the app's.)
 */
export const session = new EventTarget();

let current: User | null = null;

/** The signed-in user, or null. */
export function currentUser(): User | null {
  return current;
}

export function setSignedIn(user: User) {
  const was = current;
  current = user;
  if (!was) session.dispatchEvent(new Event('signed-in'));
}

export function setSignedOut() {
  if (!current) return;
  current = null;
  session.dispatchEvent(new Event('signed-out'));
}

/** Run `start` while signed in: it is called on sign-in and its returned stop on sign-out. */
export function whileSignedIn(start: () => () => void) {
  let stop: (() => void) | undefined;
  session.addEventListener('signed-in', () => {
    stop = start();
  });
  session.addEventListener('signed-out', () => {
    stop?.();
    stop = undefined;
  });
}

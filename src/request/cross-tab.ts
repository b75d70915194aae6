import type { Timers } from '../core/timers';
import { tokenFingerprint } from './browser-tabs';
import type { SharedSession, TabChannel, TabEnvironment } from './tab-environment';

// The loader takes the browser's platform from this chunk: one chunk for all of cross-tab sync.
export { browserTabEnvironment } from './browser-tabs';

/** One instance's part in the session every tab of the origin shares. */
export interface CrossTab {
  /**
   * The token a request should carry, given the one this tab's store gave (a store written by
   * another tab may lag behind it): a token another tab already replaced becomes the newest one
   * this tab heard of (`null` after a sign-out or an expiry there).
   */
  current(token: string | null): string | null;
  /**
   * Renew `stale` (the token a request carried, `null` for none) holding the lock every tab shares:
   * if another tab already replaced it, its replacement, without calling `refresh`; otherwise
   * `refresh()`, whose token is recorded and announced. Rejects with what `refresh` rejected with,
   * or with an `Error` when another tab ended the session meanwhile.
   */
  renew(stale: string | null, refresh: () => Promise<string>): Promise<string>;
  /** This tab changed the token itself (a sign-in, a sign-out, an expiry): record it and tell the others. */
  announce(token: string | null): Promise<void>;
  /** Stop listening to the other tabs. */
  close(): void;
}

/** What the coordinator needs from its instance and its platform. */
export interface CrossTabDeps {
  /** Names the lock, the channel and the shared record: instances with one name share a session. */
  name: string;
  env: TabEnvironment;
  /** Longest wait for the lock, in ms (the instance's timeout); 0 waits as long as it takes. */
  timeout: number;
  /** This tab's own token (`auth.getToken`), used when the shared record cannot be read. */
  readLocal(): Promise<string | null>;
  /** Another tab changed the token: tell this instance's session. */
  onRemote(token: string | null): void;
  /** The kit's timers (`core/timers`), passed in so that this lazy chunk does not import them. */
  timers: Timers;
}

/** What one tab posts to the others after recording a change. */
interface SessionMessage {
  type: typeof MESSAGE_TYPE;
  token: string | null;
  retired: string[];
}

const MESSAGE_TYPE = 'axios-api-kit:session';
/** Tokens remembered as replaced: far more than the changes that can overlap one lagging read. */
const RETIRED_KEPT = 32;

/**
 * Coordinate the refresh of one instance with every other tab of the origin: one refresh at a
 * time (a Web Lock), the newest token and the ones it replaced in a record every tab reads the
 * same way under that lock (IndexedDB), and each change posted to the other tabs
 * (BroadcastChannel), whose sessions then tell their listeners.
 *
 * "Newer than the token a request carried" is decided on the record, never on localStorage: a
 * write there reaches the other tabs asynchronously, so a tab that just took the lock can still
 * read the token the previous holder replaced, and refreshing with its (rotated) refresh token
 * would make the server revoke the session.
 *
 * @example const tabs = createCrossTab({ name: 'axios-api-kit', env, timeout: 15000, readLocal, onRemote })
 */
export function createCrossTab(deps: CrossTabDeps): CrossTab {
  const { name, env } = deps;
  const { setTimer, clearTimer } = deps.timers;
  /** Fingerprints of tokens replaced by a change this tab made or heard of, oldest first. */
  const retired = new Set<string>();
  /** The newest token this tab knows of; `undefined` until it knows of any change. */
  let latest: string | null | undefined;
  // One fingerprint per distinct read, not per request.
  let lastRead: string | undefined;
  let lastReadRetired = false;
  /** Sign-outs and expiries this tab made or heard of: a refresh that saw one start must not publish. */
  let endings = 0;

  const channel: TabChannel = env.openChannel(name, (message) => {
    if (!isSessionMessage(message)) return;
    // A sign-out comes twice (at once, then as recorded): the session is told once.
    const told = message.token === null && latest === null;
    if (message.token === null) endings += 1;
    learn(message);
    if (!told) deps.onRemote(message.token);
  });

  function learn(record: SharedSession) {
    for (const print of record.retired) {
      retired.delete(print);
      retired.add(print);
    }
    while (retired.size > RETIRED_KEPT) retired.delete(retired.values().next().value as string);
    latest = record.token;
    lastRead = undefined;
  }

  function isRetired(token: string): boolean {
    if (token !== lastRead) {
      lastRead = token;
      lastReadRetired = retired.has(tokenFingerprint(token));
    }
    return lastReadRetired;
  }

  async function readRecord(): Promise<SharedSession | undefined | 'unreadable'> {
    try {
      return await env.read(name);
    } catch {
      // Storage refused (private mode, quota): the caller falls back to this tab's own store.
      return 'unreadable';
    }
  }

  /** Record `token` as the newest, replacing `record`'s, and tell the other tabs. */
  async function publish(token: string | null, record: SharedSession | undefined, also: string[]) {
    const prints = [...(record?.retired ?? []), ...also];
    if (record?.token) prints.push(tokenFingerprint(record.token));
    const kept = token === null ? prints : prints.filter((p) => p !== tokenFingerprint(token));
    const next: SharedSession = { token, retired: [...new Set(kept)].slice(-RETIRED_KEPT) };
    try {
      await env.write(name, next);
    } catch {
      // Not recorded: other tabs then refresh with the rotated refresh token their store now
      // holds (one refresh more, not a revoked session). The message still goes out.
    }
    learn(next);
    channel.post({ type: MESSAGE_TYPE, ...next } satisfies SessionMessage);
  }

  /**
   * Another tab made this change, and this tab found it in the record (or its store) before that
   * tab's message arrived: its session hears it as the other tab's now, before the refresher
   * tells it the same token as its own (the session tells each value once, so the message
   * arriving later repeats nothing).
   */
  function fromAnotherTab<T extends string | null>(token: T): T {
    deps.onRemote(token);
    return token;
  }

  /** Run `task` holding the shared lock, giving up on the wait after `deps.timeout`. */
  async function locked<T>(task: () => Promise<T>): Promise<T> {
    const deadline = new AbortController();
    const timer =
      deps.timeout > 0
        ? setTimer(
            () => deadline.abort(new Error(`Waited ${deps.timeout} ms for another tab's refresh`)),
            deps.timeout,
          )
        : undefined;
    try {
      return await env.withLock(name, deadline.signal, async () => {
        clearTimer(timer);
        return task();
      });
    } finally {
      clearTimer(timer);
    }
  }

  return {
    current(token) {
      if (token === null || latest === undefined || !isRetired(token)) return token;
      return latest;
    },

    renew(stale, refresh) {
      // Counted from the call, not from the lock: a sign-out heard while waiting for it counts.
      const endedBefore = endings;
      return locked(async () => {
        const record = await readRecord();
        if (record === 'unreadable') {
          // No shared record: the in-tab rule, on this tab's own (possibly lagging) store.
          const local = await deps.readLocal();
          if (local && local !== stale) return fromAnotherTab(local);
          return refresh();
        }
        // Replaced by another tab since this one read it: use its replacement, refresh nothing.
        const replaced =
          record !== undefined &&
          (stale === null
            ? record.token !== null
            : record.retired.includes(tokenFingerprint(stale)));
        if (record && replaced) {
          learn(record);
          fromAnotherTab(record.token);
          if (record.token === null) throw new Error('The session was ended in another tab.');
          return record.token;
        }
        // Ended, and this request carried no token: a refresh token still in this tab's store
        // (a store written late) must not bring the ended session back.
        if (record?.token === null && stale === null) {
          fromAnotherTab(null);
          throw new Error('The session was ended in another tab.');
        }
        const token = await refresh();
        const replacedPrints = stale === null ? [] : [tokenFingerprint(stale)];
        if (endings !== endedBefore) {
          // A tab signed out (or the session expired) while the refresh was in flight: its answer
          // belongs to the session that ended. Recorded as retired, never announced; the rejection
          // makes this instance end its session too (onExpired clears what refresh() stored).
          await publish(null, record, [...replacedPrints, tokenFingerprint(token)]);
          throw new Error('The session was ended during the refresh.');
        }
        await publish(token, record, replacedPrints);
        return token;
      });
    },

    async announce(token) {
      if (token === latest) return;
      latest = token;
      if (token === null) {
        endings += 1;
        // A sign-out is told at once, not after the lock: a tab refreshing now holds it, and must
        // hear of the sign-out before its refresh's answer is published. Recorded below.
        channel.post({ type: MESSAGE_TYPE, token: null, retired: [] } satisfies SessionMessage);
      }
      await locked(async () => {
        const record = await readRecord();
        if (record === 'unreadable') {
          if (token !== null) {
            channel.post({ type: MESSAGE_TYPE, token, retired: [] } satisfies SessionMessage);
          }
          return;
        }
        // Already recorded (by the refresh that made it), or a token some tab already replaced.
        if (record && record.token === token) return;
        if (token !== null && record?.retired.includes(tokenFingerprint(token))) return;
        await publish(token, record, []);
      });
    },

    close: () => channel.close(),
  };
}

function isSessionMessage(message: unknown): message is SessionMessage {
  const candidate = message as Partial<SessionMessage> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    candidate.type === MESSAGE_TYPE &&
    (candidate.token === null || typeof candidate.token === 'string') &&
    Array.isArray(candidate.retired) &&
    candidate.retired.every((print) => typeof print === 'string')
  );
}

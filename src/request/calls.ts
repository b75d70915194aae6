import type { GenericAbortSignal } from 'axios';
import type { AttemptSignal } from './attempt';

/** One request of the instance, from the call until it settles (all its attempts). */
export interface Call {
  /** Set once the request is aborted (caller signal, `cancelAll`, dedupe), with the reason. */
  aborted: boolean;
  reason: unknown;
  /** Dedupe key, when the request asked for dedupe. */
  key: string | undefined;
  /**
   * The signal of the call's current step (the attempt in flight, a wait for a refresh, a backoff):
   * aborted with the call, no listener needed.
   */
  attempt: AttemptSignal | undefined;
  /** Detach from the caller's signal. */
  detach: (() => void) | undefined;
  /** Neighbours in the registry's list of pending calls (see `createCallRegistry`). */
  prev: Call | undefined;
  next: Call | undefined;
}

/** Every pending request of an instance: cancellation, dedupe and the `pending` count. */
export interface CallRegistry {
  open(userSignal: GenericAbortSignal | undefined, key: string | undefined): Call;
  /** Settle a call: once per call. */
  close(call: Call): void;
  cancelAll(reason?: string): number;
  /** Call `visit` with every pending call, newest first (it must not open or close calls). */
  each(visit: (call: Call) => void): void;
  readonly pending: number;
  readonly dedupeSize: number;
}

/** The abort reason of a request cancelled because a newer identical one started. */
export const SUPERSEDED = 'superseded by a newer identical request';

/** Abort a request: its current step, directly. */
export function abortCall(call: Call, reason: unknown): void {
  if (call.aborted) return;
  call.aborted = true;
  call.reason = reason;
  call.attempt?.abort(reason);
}

/** The requests of one instance that follow one caller signal, and its single listener. */
interface Followers {
  calls: Set<Call>;
  onAbort: () => void;
}

/**
 * Create the registry of one instance (never module-level). A caller's `signal` gets one listener
 * per instance however many requests share it (25 concurrent requests on one signal add 1, not
 * 25), removed when the last of them settles, so a long-lived signal neither collects listeners
 * nor trips Node's leak warning.
 *
 * @example const calls = createCallRegistry(); const call = calls.open(config.signal, undefined)
 */
export function createCallRegistry(): CallRegistry {
  // The pending calls as a list linked through the calls themselves, not a Set: a Set that gains
  // and loses one entry per request rebuilds its table every few requests, and the tables it
  // leaves behind, promoted by the young-generation GC, kept whole requests alive until the next
  // full GC (in memory, the kit spent more time in GC than in its own code). A settled call is
  // unlinked, its links cleared.
  let head: Call | undefined;
  let size = 0;
  const byKey = new Map<string, Call>();
  const followed = new WeakMap<object, Followers>();

  function follow(userSignal: GenericAbortSignal, call: Call): () => void {
    let entry = followed.get(userSignal);
    if (!entry) {
      const calls = new Set<Call>();
      const onAbort = () => {
        for (const follower of [...calls]) abortCall(follower, readReason(userSignal));
      };
      userSignal.addEventListener?.('abort', onAbort);
      entry = { calls, onAbort };
      followed.set(userSignal, entry);
    }
    const current = entry;
    current.calls.add(call);
    return () => {
      current.calls.delete(call);
      if (current.calls.size > 0) return;
      userSignal.removeEventListener?.('abort', current.onAbort);
      followed.delete(userSignal);
    };
  }

  return {
    open(userSignal, key) {
      const call: Call = {
        aborted: false,
        reason: undefined,
        key,
        attempt: undefined,
        detach: undefined,
        prev: undefined,
        next: head,
      };
      if (userSignal?.aborted) abortCall(call, readReason(userSignal));
      else if (userSignal?.addEventListener && userSignal.removeEventListener) {
        call.detach = follow(userSignal, call);
      }
      if (key !== undefined) {
        const older = byKey.get(key);
        if (older) abortCall(older, SUPERSEDED);
        byKey.set(key, call);
      }
      if (head) head.prev = call;
      head = call;
      size += 1;
      return call;
    },
    // Once per call (the engine's `finally`).
    close(call) {
      if (call.prev) call.prev.next = call.next;
      else head = call.next;
      if (call.next) call.next.prev = call.prev;
      call.prev = undefined;
      call.next = undefined;
      size -= 1;
      call.detach?.();
      call.detach = undefined;
      // A settled older request must not remove the entry of the newer one that replaced it.
      if (call.key !== undefined && byKey.get(call.key) === call) byKey.delete(call.key);
    },
    cancelAll(reason) {
      let count = 0;
      // The list as it is: a call is closed only after an await of its own (a listener run by an
      // abort cannot unlink the one walked), and one opened meanwhile goes in front of it.
      for (let call = head; call; call = call.next) {
        if (call.aborted) continue;
        abortCall(call, reason ?? 'canceled');
        count += 1;
      }
      return count;
    },
    each(visit) {
      for (let call = head; call; call = call.next) visit(call);
    },
    get pending() {
      return size;
    },
    get dedupeSize() {
      return byKey.size;
    },
  };
}

function readReason(signal: GenericAbortSignal): unknown {
  return (signal as { reason?: unknown }).reason;
}

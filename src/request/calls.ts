import type { GenericAbortSignal } from 'axios';

/** One request of the instance, from the call until it settles (all its attempts). */
export interface Call {
  readonly controller: AbortController;
  readonly signal: AbortSignal;
  /** Dedupe key, when the request asked for dedupe. */
  key: string | undefined;
  /** Detach from the caller's signal. */
  detach: (() => void) | undefined;
}

/** Every pending request of an instance: cancellation, dedupe and the `pending` count. */
export interface CallRegistry {
  open(userSignal: GenericAbortSignal | undefined, key: string | undefined): Call;
  close(call: Call): void;
  cancelAll(reason?: string): number;
  readonly pending: number;
  readonly dedupeSize: number;
}

/** The abort reason of a request cancelled because a newer identical one started. */
export const SUPERSEDED = 'superseded by a newer identical request';

/** The requests of one instance that follow one caller signal, and its single listener. */
interface Followers {
  calls: Set<Call>;
  onAbort: () => void;
}

/**
 * Create the registry of one instance (never module-level). Each request gets its own
 * AbortController. A caller's `signal` gets one listener per instance however many requests
 * share it (25 concurrent requests on one signal add 1, not 25), removed when the last of them
 * settles, so a long-lived signal neither collects listeners nor trips Node's leak warning.
 *
 * @example const calls = createCallRegistry(); const call = calls.open(config.signal, undefined)
 */
export function createCallRegistry(): CallRegistry {
  const pending = new Set<Call>();
  const byKey = new Map<string, Call>();
  const followed = new WeakMap<object, Followers>();

  function follow(userSignal: GenericAbortSignal, call: Call): () => void {
    let entry = followed.get(userSignal);
    if (!entry) {
      const calls = new Set<Call>();
      const onAbort = () => {
        for (const follower of [...calls]) follower.controller.abort(readReason(userSignal));
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
      const controller = new AbortController();
      const call: Call = { controller, signal: controller.signal, key, detach: undefined };
      if (userSignal?.aborted) controller.abort(readReason(userSignal));
      else if (userSignal?.addEventListener && userSignal.removeEventListener) {
        call.detach = follow(userSignal, call);
      }
      if (key !== undefined) {
        byKey.get(key)?.controller.abort(SUPERSEDED);
        byKey.set(key, call);
      }
      pending.add(call);
      return call;
    },
    close(call) {
      pending.delete(call);
      call.detach?.();
      call.detach = undefined;
      // A settled older request must not remove the entry of the newer one that replaced it.
      if (call.key !== undefined && byKey.get(call.key) === call) byKey.delete(call.key);
    },
    cancelAll(reason) {
      let count = 0;
      for (const call of pending) {
        if (call.signal.aborted) continue;
        call.controller.abort(reason ?? 'canceled');
        count += 1;
      }
      return count;
    },
    get pending() {
      return pending.size;
    },
    get dedupeSize() {
      return byKey.size;
    },
  };
}

function readReason(signal: GenericAbortSignal): unknown {
  return (signal as { reason?: unknown }).reason;
}

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

/**
 * Create the registry of one instance (never module-level). Each request gets its own
 * AbortController, composed with the caller's `signal` by one listener that is removed when the
 * request settles, so a long-lived caller signal does not collect listeners.
 *
 * @example const calls = createCallRegistry(); const call = calls.open(config.signal, undefined)
 */
export function createCallRegistry(): CallRegistry {
  const pending = new Set<Call>();
  const byKey = new Map<string, Call>();

  return {
    open(userSignal, key) {
      const controller = new AbortController();
      const call: Call = { controller, signal: controller.signal, key, detach: undefined };
      if (userSignal?.aborted) controller.abort(readReason(userSignal));
      else if (userSignal?.addEventListener && userSignal.removeEventListener) {
        const onAbort = () => controller.abort(readReason(userSignal));
        userSignal.addEventListener('abort', onAbort);
        call.detach = () => userSignal.removeEventListener?.('abort', onAbort);
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

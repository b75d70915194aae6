import type { SharedSession, TabEnvironment } from '../../src/request/tab-environment';

/** A test's view of one origin's shared platform: what was stored, posted and locked. */
export interface FakeOrigin {
  /** The environment every "tab" of this origin uses (each instance opens its own channel). */
  env: TabEnvironment;
  /** The shared records, by name. */
  records: Map<string, SharedSession>;
  /** Every message posted, in order. */
  posted: unknown[];
  /** How many tasks hold or wait for a lock right now. */
  lockQueue(name: string): number;
  /** Make the next reads (or writes) reject, as storage in private mode does. */
  failStorage(on: boolean): void;
  /** Deliver `message` to every channel named `name`, as a tab outside the kit would post it. */
  inject(name: string, message: unknown): void;
}

interface FakeChannel {
  name: string;
  onMessage(message: unknown): void;
  open: boolean;
}

/**
 * Web Locks, BroadcastChannel and IndexedDB as one origin's tabs see them, in memory: the lock is
 * exclusive and granted in request order (a waiter whose signal aborts leaves the queue), a post
 * reaches every other open channel of that name a macrotask later and never its sender, and the
 * record is read back as written (a copy, as IndexedDB's structured clone gives).
 */
export function fakeOrigin(): FakeOrigin {
  const records = new Map<string, SharedSession>();
  const posted: unknown[] = [];
  const channels = new Set<FakeChannel>();
  const queues = new Map<string, Array<() => void>>();
  const held = new Map<string, boolean>();
  let storageFails = false;

  const grantNext = (name: string) => {
    const next = queues.get(name)?.shift();
    if (next) next();
    else held.set(name, false);
  };

  const deliver = (from: FakeChannel | undefined, name: string, message: unknown) => {
    const copy = structuredClone(message);
    for (const channel of [...channels]) {
      if (channel === from || channel.name !== name) continue;
      // A task later, as BroadcastChannel delivers (never synchronously inside post()).
      setTimeout(() => {
        if (channel.open) channel.onMessage(copy);
      }, 0);
    }
  };

  const env: TabEnvironment = {
    withLock(name, signal, task) {
      return new Promise((resolve, reject) => {
        const run = () => {
          signal.removeEventListener('abort', onAbort);
          task()
            .then(resolve, reject)
            .finally(() => grantNext(name));
        };
        const onAbort = () => {
          const queue = queues.get(name) ?? [];
          const index = queue.indexOf(run);
          if (index >= 0) queue.splice(index, 1);
          reject(signal.reason);
        };
        if (signal.aborted) {
          reject(signal.reason);
          return;
        }
        if (!held.get(name)) {
          held.set(name, true);
          run();
          return;
        }
        signal.addEventListener('abort', onAbort, { once: true });
        queues.set(name, [...(queues.get(name) ?? []), run]);
      });
    },
    openChannel(name, onMessage) {
      const channel: FakeChannel = { name, onMessage, open: true };
      channels.add(channel);
      return {
        post(message) {
          if (!channel.open) throw new Error('post on a closed channel');
          posted.push(message);
          deliver(channel, name, message);
        },
        close() {
          channel.open = false;
          channels.delete(channel);
        },
      };
    },
    async read(name) {
      if (storageFails) throw new Error('storage is not available');
      const record = records.get(name);
      return record && structuredClone(record);
    },
    async write(name, record) {
      if (storageFails) throw new Error('storage is not available');
      records.set(name, structuredClone(record));
    },
  };

  return {
    env,
    records,
    posted,
    lockQueue: (name) => (queues.get(name)?.length ?? 0) + (held.get(name) ? 1 : 0),
    failStorage(on) {
      storageFails = on;
    },
    inject: (name, message) => deliver(undefined, name, message),
  };
}

/**
 * What every tab of the origin reads the same way under the lock: the newest token any tab
 * stored, and fingerprints of the tokens it replaced (see `tokenFingerprint`).
 */
export interface SharedSession {
  /** The newest access token, or `null` after a sign-out or an expiry. */
  token: string | null;
  /** Fingerprints of recent tokens that `token` replaced, newest last. */
  retired: string[];
}

/** A channel to the other tabs of the origin (never back to the tab that posts). */
export interface TabChannel {
  post(message: unknown): void;
  close(): void;
}

/**
 * The platform as cross-tab sync sees it: Web Locks, BroadcastChannel and IndexedDB in a browser,
 * fakes in tests (`setTabEnvironment`), none in Node or an old browser.
 */
export interface TabEnvironment {
  /**
   * Run `task` holding the exclusive lock `name`, shared by every tab of the origin. Rejects with
   * `signal.reason` when the signal aborts before the lock is granted (the task then never runs).
   */
  withLock<T>(name: string, signal: AbortSignal, task: () => Promise<T>): Promise<T>;
  /** Open the channel `name`: `onMessage` gets what the other tabs post on theirs. */
  openChannel(name: string, onMessage: (message: unknown) => void): TabChannel;
  /** The shared record `name`, `undefined` before the first write. Rejects when storage fails. */
  read(name: string): Promise<SharedSession | undefined>;
  /** Replace the shared record `name`. Rejects when storage fails. */
  write(name: string, record: SharedSession): Promise<void>;
}

let override: TabEnvironment | null | undefined;

/**
 * Replace the environment cross-tab sync runs on, read when an instance is created: a fake in
 * tests, `null` for none. Returns a function that restores the previous one.
 * @example const restore = setTabEnvironment(fakeTabs.tab()); … restore()
 */
export function setTabEnvironment(next: TabEnvironment | null | undefined): () => void {
  const previous = override;
  override = next;
  return () => {
    override = previous;
  };
}

/**
 * The environment a new instance's cross-tab sync will run on: the override if one is set, else
 * `'browser'` where Web Locks and BroadcastChannel exist (its code, with the coordinator's, loads
 * in a chunk of its own: see `token-sync.ts`), else `undefined` (Node, old browsers).
 * @example if (chosenTabEnvironment() !== undefined) …
 */
export function chosenTabEnvironment(): TabEnvironment | 'browser' | undefined {
  if (override !== undefined) return override ?? undefined;
  const locks = (globalThis as { navigator?: { locks?: { request?: unknown } } }).navigator?.locks;
  return typeof locks?.request === 'function' && typeof BroadcastChannel === 'function'
    ? 'browser'
    : undefined;
}

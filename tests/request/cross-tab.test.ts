import { afterEach, describe, expect, it, vi } from 'vitest';
import { clearTimer, setTimer } from '../../src/core/timers';
import { tokenFingerprint } from '../../src/request/browser-tabs';
import { type CrossTab, createCrossTab } from '../../src/request/cross-tab';
import { type FakeOrigin, fakeOrigin } from './fake-tabs';

const NAME = 'axios-api-kit';

interface Tab {
  tabs: CrossTab;
  /** What this tab's own store (its localStorage view, which may lag) holds. */
  store: { token: string | null };
  /** Tokens this tab's session was told about by other tabs. */
  remote: Array<string | null>;
}

const opened: CrossTab[] = [];

function openTab(origin: FakeOrigin, token: string | null = 't1', timeout = 5_000): Tab {
  const store = { token };
  const remote: Array<string | null> = [];
  const tabs = createCrossTab({
    name: NAME,
    env: origin.env,
    timeout,
    readLocal: async () => store.token,
    onRemote: (value) => remote.push(value),
    timers: { setTimer, clearTimer },
  });
  opened.push(tabs);
  return { tabs, store, remote };
}

/** A refresh that the server answers with `token` after a few turns, counting its calls. */
function refresher(token: string) {
  const calls = { count: 0 };
  const refresh = vi.fn(async () => {
    calls.count += 1;
    await new Promise((resolve) => setTimeout(resolve, 5));
    return token;
  });
  return refresh;
}

/** Let the fake channels deliver (a macrotask each). */
const delivered = () => new Promise((resolve) => setTimeout(resolve, 10));

afterEach(() => {
  for (const tabs of opened.splice(0)) tabs.close();
});

describe('createCrossTab', () => {
  it('refreshes once for every tab whose request carried the same expired token', async () => {
    const origin = fakeOrigin();
    const tabs = [openTab(origin), openTab(origin), openTab(origin)];
    const refreshes = tabs.map(() => refresher('t2'));

    const tokens = await Promise.all(tabs.map((tab, i) => tab.tabs.renew('t1', refreshes[i]!)));

    expect(tokens).toEqual(['t2', 't2', 't2']);
    expect(refreshes.reduce((sum, refresh) => sum + refresh.mock.calls.length, 0)).toBe(1);
    expect(origin.records.get(NAME)).toEqual({ token: 't2', retired: [tokenFingerprint('t1')] });
    expect(origin.lockQueue(NAME)).toBe(0);
  });

  it('decides on the shared record, not on a store that still shows the old token', async () => {
    const origin = fakeOrigin();
    const first = openTab(origin);
    const lagging = openTab(origin);
    await first.tabs.renew('t1', refresher('t2'));
    // The second tab's localStorage has not seen the write yet: it still reads t1.
    expect(lagging.store.token).toBe('t1');
    const refresh = refresher('t3');

    await expect(lagging.tabs.renew('t1', refresh)).resolves.toBe('t2');
    expect(refresh).not.toHaveBeenCalled();
    // Requests read t1 from the lagging store meanwhile: they carry t2.
    expect(lagging.tabs.current('t1')).toBe('t2');
  });

  it('refreshes a token newer than the record (a sign-in not recorded yet), and records it', async () => {
    const origin = fakeOrigin();
    const tab = openTab(origin);
    await tab.tabs.renew('t1', refresher('t2'));
    const refresh = refresher('s2');

    await expect(tab.tabs.renew('s1', refresh)).resolves.toBe('s2');
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(origin.records.get(NAME)?.token).toBe('s2');
    expect(origin.records.get(NAME)?.retired).toEqual(
      expect.arrayContaining([tokenFingerprint('t2'), tokenFingerprint('s1')]),
    );
  });

  it('tells the other tabs of a refresh, never the tab that made it', async () => {
    const origin = fakeOrigin();
    const maker = openTab(origin);
    const other = openTab(origin);

    await maker.tabs.renew('t1', refresher('t2'));
    await delivered();

    expect(other.remote).toEqual(['t2']);
    expect(maker.remote).toEqual([]);
    expect(other.tabs.current('t1')).toBe('t2');
    // A token this tab never heard replaced is left alone.
    expect(other.tabs.current('s9')).toBe('s9');
  });

  it('carries a sign-out to every tab: told null, and a lagging store reads as no token', async () => {
    const origin = fakeOrigin();
    const leaving = openTab(origin);
    const other = openTab(origin);
    await leaving.tabs.renew('t1', refresher('t2'));
    await delivered();

    leaving.store.token = null;
    await leaving.tabs.announce(null);
    await delivered();

    expect(other.remote).toEqual(['t2', null]);
    expect(origin.records.get(NAME)?.token).toBeNull();
    expect(other.tabs.current('t2')).toBeNull();
    expect(other.tabs.current('t1')).toBeNull();
    // A 401 in that tab does not refresh a session another tab ended.
    const refresh = refresher('t3');
    await expect(other.tabs.renew('t2', refresh)).rejects.toThrow(/ended in another tab/);
    expect(refresh).not.toHaveBeenCalled();
  });

  it("a sign-out in one tab during another tab's refresh ends the session everywhere: the refresh result is not adopted", async () => {
    const origin = fakeOrigin();
    const leaving = openTab(origin);
    const refreshing = openTab(origin);
    const third = openTab(origin);
    let answer: (token: string) => void = () => {};
    const slow = vi.fn(
      () =>
        new Promise<string>((resolve) => {
          answer = resolve;
        }),
    );

    const renewing = refreshing.tabs.renew('t1', slow);
    await vi.waitFor(() => expect(slow).toHaveBeenCalledTimes(1));
    // The refresh is in flight (its tab holds the lock) when the other tab signs out.
    leaving.store.token = null;
    const signingOut = leaving.tabs.announce(null);
    await delivered();
    // The server answers the refresh after the sign-out.
    answer('t2');

    await expect(renewing).rejects.toThrow(/ended/);
    await signingOut;
    await delivered();
    expect(origin.records.get(NAME)?.token).toBeNull();
    expect(origin.records.get(NAME)?.retired).toContain(tokenFingerprint('t2'));
    // Nobody was told of t2; every other tab heard the sign-out.
    expect(leaving.remote).not.toContain('t2');
    expect(third.remote).not.toContain('t2');
    expect(third.remote.at(-1)).toBeNull();
    expect(refreshing.remote.at(-1)).toBeNull();
    for (const tab of [leaving, refreshing, third]) expect(tab.tabs.current('t2')).toBeNull();
    expect(origin.lockQueue(NAME)).toBe(0);
  });

  it('a sign-out in the refreshing tab itself during its refresh is not undone by the refresh', async () => {
    const origin = fakeOrigin();
    const tab = openTab(origin);
    const other = openTab(origin);
    let answer: (token: string) => void = () => {};
    const slow = vi.fn(
      () =>
        new Promise<string>((resolve) => {
          answer = resolve;
        }),
    );
    const renewing = tab.tabs.renew('t1', slow);
    await vi.waitFor(() => expect(slow).toHaveBeenCalledTimes(1));
    const signingOut = tab.tabs.announce(null);
    answer('t2');

    await expect(renewing).rejects.toThrow(/ended/);
    await signingOut;
    await delivered();
    expect(origin.records.get(NAME)?.token).toBeNull();
    expect(other.remote).not.toContain('t2');
    expect(other.remote.at(-1)).toBeNull();
  });

  it('announces a sign-in, so a tab whose request carried the old session adopts the new one', async () => {
    const origin = fakeOrigin();
    const signing = openTab(origin, null);
    const other = openTab(origin, 't1');

    await signing.tabs.announce('s1');
    await delivered();

    expect(other.remote).toEqual(['s1']);
    const refresh = refresher('x');
    // The record holds s1 but never retired t1: t1 is not "replaced", so this tab refreshes it.
    await expect(other.tabs.renew('t1', refresh)).resolves.toBe('x');
    // A tab with no token at all adopts the recorded one.
    const third = openTab(origin, null);
    const none = refresher('y');
    await expect(third.tabs.renew(null, none)).resolves.toBe('x');
    expect(none).not.toHaveBeenCalled();
  });

  it('does not record a token some tab already replaced (a stale read announced late)', async () => {
    const origin = fakeOrigin();
    const tab = openTab(origin);
    await tab.tabs.renew('t1', refresher('t2'));
    const stale = openTab(origin);
    await stale.tabs.announce('t1');
    expect(origin.records.get(NAME)?.token).toBe('t2');
    // The same token announced twice is recorded and posted once.
    const before = origin.posted.length;
    await tab.tabs.announce('t2');
    expect(origin.posted.length).toBe(before);
  });

  it('lets a failed refresh reject its caller and frees the lock for the next tab', async () => {
    const origin = fakeOrigin();
    const [a, b] = [openTab(origin), openTab(origin)];
    const failing = vi.fn(async () => {
      throw new Error('refresh refused');
    });
    const ok = refresher('t2');

    const results = await Promise.allSettled([a.tabs.renew('t1', failing), b.tabs.renew('t1', ok)]);

    expect(results[0]).toMatchObject({ status: 'rejected', reason: new Error('refresh refused') });
    expect(results[1]).toEqual({ status: 'fulfilled', value: 't2' });
    expect(ok).toHaveBeenCalledTimes(1);
    expect(origin.lockQueue(NAME)).toBe(0);
  });

  it('gives up waiting for a lock another tab never releases, without running its refresh', async () => {
    const origin = fakeOrigin();
    const stuck = openTab(origin);
    const waiting = openTab(origin, 't1', 50);
    void stuck.tabs.renew('t1', () => new Promise<string>(() => {}));
    const refresh = refresher('t2');

    await expect(waiting.tabs.renew('t1', refresh)).rejects.toThrow(/Waited 50 ms/);
    expect(refresh).not.toHaveBeenCalled();
    expect(origin.lockQueue(NAME)).toBe(1);
  });

  it('falls back to the tab’s own store when the shared record cannot be read', async () => {
    const origin = fakeOrigin();
    const tab = openTab(origin);
    origin.failStorage(true);
    tab.store.token = 't2';
    const refresh = refresher('t3');

    await expect(tab.tabs.renew('t1', refresh)).resolves.toBe('t2');
    expect(refresh).not.toHaveBeenCalled();
    await expect(tab.tabs.renew('t2', refresh)).resolves.toBe('t3');
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('ignores messages that are not its own, whatever their shape', async () => {
    const origin = fakeOrigin();
    const tab = openTab(origin);
    for (const message of [
      null,
      'axios-api-kit:session',
      { type: 'axios-api-kit:session', token: 42, retired: [] },
      { type: 'axios-api-kit:session', token: 't9', retired: [1] },
      { type: 'other', token: 't9', retired: [] },
      { __proto__: { type: 'axios-api-kit:session', token: 't9', retired: [] } },
    ]) {
      origin.inject(NAME, message);
    }
    await delivered();
    expect(tab.remote).toEqual([]);
  });

  it('keeps no more than 32 retired fingerprints in the record', async () => {
    const origin = fakeOrigin();
    const tab = openTab(origin);
    let token = 't0';
    for (let i = 1; i <= 40; i++) {
      token = await tab.tabs.renew(token, async () => `t${i}`);
    }
    expect(origin.records.get(NAME)?.retired).toHaveLength(32);
    expect(tab.tabs.current('t39')).toBe('t40');
  });
});

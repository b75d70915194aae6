import { afterEach, describe, expect, it } from 'vitest';
import { clearTimer, setTimer } from '../../src/request';
import { forgetRecorded, kit, onWarning, useOracle, violationsNow } from './helpers/oracle';
import { startServer, until } from './helpers/servers';

useOracle();

/** The oracle is only worth something if it sees what it claims to: each check, made to fire. */
describe('the oracle itself', () => {
  let cleanup: (() => void | Promise<void>) | undefined;
  afterEach(async () => {
    await cleanup?.();
    cleanup = undefined;
  });

  it('sees a request still pending and its exchange still open', async () => {
    const server = await startServer(() => {
      // held
    });
    const http = kit({ baseURL: server.origin, timeout: 0 });
    const request = http.get('/held').catch(() => undefined);
    await until(() => server.arrived.length === 1, 'held');
    const found = await violationsNow();
    expect(found).toContain('http.stats().pending = 1');
    expect(found.some((line) => line.includes('1 exchanges still open'))).toBe(true);
    http.cancelAll();
    await request;
  }, 10_000);

  it('sees a kit timer left', async () => {
    const timer = setTimer(() => undefined, 60_000);
    cleanup = () => clearTimer(timer);
    expect(await violationsNow()).toContain('kit timers: 1 left');
  }, 10_000);

  it('sees a MaxListenersExceededWarning and a polluted Object.prototype', async () => {
    // Handed to the oracle's listener directly rather than through process.emitWarning, which
    // would print this made-up warning in every test run as if something leaked.
    expect(process.listeners('warning')).toContain(onWarning);
    const warning = new Error('Possible EventTarget memory leak detected.');
    warning.name = 'MaxListenersExceededWarning';
    onWarning(warning);
    Object.defineProperty(Object.prototype, 'oraclePolluted', {
      value: true,
      configurable: true,
    });
    cleanup = () => {
      delete (Object.prototype as Record<string, unknown>).oraclePolluted;
      forgetRecorded();
    };
    const found = await violationsNow();
    expect(found.some((line) => line.startsWith('MaxListenersExceededWarning'))).toBe(true);
    expect(found.some((line) => line.includes('oraclePolluted'))).toBe(true);
  }, 10_000);
});

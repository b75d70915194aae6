import { ApiError, enPollMessages, type MessageTable, messageFor } from '../core';

const BRAND = Symbol.for('axios-api-kit.PollTimeoutError');

/** What a `PollTimeoutError` is built from. */
export interface PollTimeoutInit<T> {
  /** The deadline that passed, in ms. */
  timeout: number;
  /** Requests that completed before the deadline, failed ones included. */
  attempts: number;
  /** The last value the task resolved with (none if every request failed or none completed). */
  lastValue: T | undefined;
  /** The table its message comes from (`pollUntil`'s `messages`), over the English text. @default enMessages */
  messages?: MessageTable | undefined;
}

/**
 * `pollUntil` passed its `timeout` before `until` was satisfied. An `ApiError` of kind
 * `'timeout'`, so one `switch (error.kind)` still covers every failure of the kit.
 *
 * @example
 * catch (e) { if (isPollTimeoutError(e)) showStillRunning(e.lastValue) }
 */
export class PollTimeoutError<T = unknown> extends ApiError {
  /** The deadline that passed, in ms. */
  declare readonly timeout: number;
  /** Requests that completed before the deadline, failed ones included. */
  declare readonly attempts: number;
  /** The last value the task resolved with, `undefined` if none did. */
  declare readonly lastValue: T | undefined;

  constructor(init: PollTimeoutInit<T>) {
    super({
      kind: 'timeout',
      message: messageFor({ ...enPollMessages, ...init.messages }, 'pollTimeout'),
      detail: `Polling did not finish within ${init.timeout} ms (${init.attempts} attempts).`,
    });
    this.timeout = init.timeout;
    this.attempts = init.attempts;
    this.lastValue = init.lastValue;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** A log-safe view: `ApiError`'s, plus timeout, attempts and lastValue. */
  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      timeout: this.timeout,
      attempts: this.attempts,
      lastValue: this.lastValue,
    };
  }
}

/**
 * True for a `PollTimeoutError`, also one from another copy of the kit (checks a global brand).
 * @example if (isPollTimeoutError(error)) showStillRunning(error.lastValue)
 */
export function isPollTimeoutError(error: unknown): error is PollTimeoutError {
  return (
    error instanceof PollTimeoutError ||
    (typeof error === 'object' &&
      error !== null &&
      (error as Record<symbol, unknown>)[BRAND] === true)
  );
}

import { ApiError } from './errors';
import { enRequestMessages, type MessageTable, messageFor } from './messages';

/**
 * `value` when it is a number >= 0 (`Infinity` only when `endless`), else a thrown `'validation'`
 * ApiError naming the option, before anything starts: a `NaN` or negative delay runs its timer at
 * once, so `interval: NaN` polled about once a millisecond, `minGap: -1` let an instantly answering
 * server make a long poll spin, and `backoff.min: NaN` made a dropped socket reconnect as fast.
 *
 * @example const gap = checkMs(options.minGap ?? 100, 'minGap')
 */
export function checkMs(
  value: number,
  name: string,
  messages: MessageTable = enRequestMessages,
  endless = false,
): number {
  if (typeof value === 'number' && value >= 0 && (endless || value !== Infinity)) return value;
  throw new ApiError({
    kind: 'validation',
    message: messageFor(messages, 'validation'),
    detail: `Not started: ${name} must be a ${endless ? '' : 'finite '}number >= 0, not ${typeof value === 'number' ? value : typeof value}.`,
  });
}

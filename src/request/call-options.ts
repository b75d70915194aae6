import type { AxiosRequestConfig } from 'axios';

const shown = (value: unknown) =>
  typeof value === 'string'
    ? JSON.stringify(value)
    : typeof value === 'object'
      ? 'an object'
      : String(value);

/**
 * Why a request's own `retry`, `timeout` or `dedupe` cannot be honoured, or `undefined` when they
 * can (`null` counts as not given). Checked before anything is sent: `retry: NaN` or `Infinity`
 * never reached its limit (a 500 was retried for ever), and a typo in `dedupe` acted as `true`.
 *
 * @example invalidCallOption({ retry: -1 }) // 'retry must be false or a whole number >= 0, not -1'
 */
export function invalidCallOption(config: AxiosRequestConfig): string | undefined {
  const { retry, timeout, dedupe } = config;
  if (retry != null && retry !== false && !(Number.isInteger(retry) && retry >= 0)) {
    return `retry must be false or a whole number >= 0, not ${shown(retry)}`;
  }
  if (timeout != null && !(Number.isFinite(timeout) && timeout >= 0)) {
    return `timeout must be a number of ms >= 0, not ${shown(timeout)}`;
  }
  if (dedupe != null && typeof dedupe !== 'boolean' && dedupe !== 'share') {
    return `dedupe must be true, false or 'share', not ${shown(dedupe)}`;
  }
  return undefined;
}

export { type BackoffOptions, backoffDelay } from './backoff';
export { createHttp } from './create-http';
export {
  ApiError,
  type ApiErrorInit,
  type ApiErrorKind,
  type ApiErrorPart,
  type ApiErrorResponse,
  isApiError,
} from './errors';
export { http } from './http';
export { enMessages, type MessageKey, type MessageTable, messageFor } from './messages';
export type { ServerMessageRule } from './server-message';
export type { Session } from './session';
export {
  activeTimerCount,
  clearTimer,
  setTimer,
  setTimerProvider,
  sleep,
  type TimerHandle,
  type TimerProvider,
} from './timers';
export { canceledError, isTimeoutCode, snapshotResponse } from './to-api-error';
export { createTokenStore, TOKEN_KEYS, type TokenStore, tokenStore } from './token-store';
export type {
  AuthOptions,
  EnvelopeOptions,
  Http,
  HttpOptions,
  HttpStats,
  LoadingOptions,
  RetryOptions,
} from './types';
export { type AbortableSignal, untilAborted } from './until-aborted';

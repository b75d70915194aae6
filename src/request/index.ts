// The request layer: `createHttp`, the default `http`, `tokenStore`, and (re-exported from src/core,
// where they live) the primitives DESIGN.md names here: `ApiError`, `isApiError`, the message table,
// timers, backoff and abort races.
export {
  type AbortableSignal,
  ApiError,
  type ApiErrorInit,
  type ApiErrorKind,
  type ApiErrorPart,
  type ApiErrorResponse,
  activeTimerCount,
  type BackoffOptions,
  backoffDelay,
  canceledError,
  clearTimer,
  enMessages,
  isApiError,
  isTimeoutCode,
  MESSAGE_KEYS,
  type MessageKey,
  type MessageTable,
  messageFor,
  type NamedMessageKey,
  type ServerMessageRule,
  setTimer,
  setTimerProvider,
  sleep,
  snapshotResponse,
  type TimerHandle,
  type TimerProvider,
  untilAborted,
} from '../core';
export { createHttp } from './create-http';
export { http } from './http';
export type { Session, SessionOrigin } from './session';
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

// The bottom layer: primitives every other layer shares (timers, backoff, abort races, the callback
// guard, `ApiError` and the message tables). Nothing here knows about an instance, an endpoint or
// a stream, and importing it builds nothing: `request`, `api`, `polling` and `realtime` all import it.
export { type BackoffOptions, backoffDelay } from './backoff';
export { checkMs } from './check-ms';
export {
  ApiError,
  type ApiErrorInit,
  type ApiErrorKind,
  type ApiErrorPart,
  type ApiErrorResponse,
  isApiError,
  secretOf,
  withSecret,
} from './errors';
export { callHook, callHookOr } from './guard';
export {
  enMessages,
  enPollMessages,
  enRealtimeMessages,
  enRequestMessages,
  MESSAGE_KEYS,
  type MessageKey,
  type MessageTable,
  messageFor,
  type NamedMessageKey,
} from './messages';
export {
  type ReconnectDefaults,
  type ReconnectOptions,
  type ReconnectPolicy,
  reconnectPolicy,
} from './reconnect-policy';
export { messageKeysRule, type ServerMessageRule, serverMessageOf } from './server-message';
export {
  activeTimerCount,
  clearTimer,
  setTimer,
  setTimerProvider,
  sleep,
  type TimerHandle,
  type TimerProvider,
} from './timers';
export {
  canceledError,
  type FailureContext,
  isTimeoutCode,
  snapshotResponse,
  toApiError,
} from './to-api-error';
export { type AbortableSignal, untilAborted } from './until-aborted';

export {
  isPollTimeoutError,
  PollTimeoutError,
  type PollTimeoutInit,
} from './errors';
export { type LongPollOptions, longPoll } from './long-poll';
export { type PollOptions, poll } from './poll';
export { type PollUntilOptions, pollUntil } from './poll-until';
export type { PollContext, Poller, PollTask } from './types';
export { isPageHidden, onVisibilityChange, type VisibilityListener } from './visibility';

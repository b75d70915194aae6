export { openEventStream } from './sse';
export type {
  EventStream,
  EventStreamOptions,
  EventStreamReconnect,
  ReconnectInfo,
  ServerEvent,
} from './sse-types';
export { type StreamTextOptions, streamText } from './stream-text';

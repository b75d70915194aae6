export { createSocket } from './socket';
export type {
  EmitArgs,
  HandlerArgs,
  Socket,
  SocketCloseInfo,
  SocketEventMap,
  SocketHandler,
  SocketHeartbeat,
  SocketOptions,
  SocketReconnect,
  UntypedEvents,
  WebSocketConstructor,
  WebSocketLike,
} from './socket-types';
export { openEventStream } from './sse';
export type {
  EventStream,
  EventStreamOptions,
  EventStreamReconnect,
  ReconnectInfo,
  ServerEvent,
} from './sse-types';
export { type StreamTextOptions, streamText } from './stream-text';

export { defineStream, isDoneEvent } from './define-stream';
export { createSocket } from './socket';
export { createSocketIo } from './socket-io';
export type {
  SocketIoClientLike,
  SocketIoConnectError,
  SocketIoConnectOptions,
  SocketIoFactory,
  SocketIoOptions,
} from './socket-io-types';
export type {
  AckReply,
  EmitArgs,
  HandlerArgs,
  Socket,
  SocketAckMap,
  SocketCloseInfo,
  SocketEventMap,
  SocketHandler,
  SocketHeartbeat,
  SocketHttp,
  SocketOptions,
  SocketReconnect,
  SocketUrl,
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
export type {
  RawStreamEvent,
  StreamCall,
  StreamConfig,
  StreamEndpoint,
  StreamEvent,
  StreamEventOf,
  StreamEvents,
  StreamInput,
} from './stream-types';

import type { AxiosRequestConfig } from 'axios';
import * as z from 'zod';
import { compileInput, type RawInput, reportThrough } from '../api/endpoint-input';
import { loadDefaultHttp } from '../request/default-http';
import { ownSchema } from './socket-message';
import { openStreamCall } from './stream-call';
import type {
  RawStreamEvent,
  StreamConfig,
  StreamEndpoint,
  StreamEventOf,
  StreamEvents,
  StreamInput,
} from './stream-types';

/** The default `isEnd`: the OpenAI-style end marker, data exactly `[DONE]`. */
export function isDoneEvent(event: RawStreamEvent): boolean {
  return event.data === '[DONE]';
}

/** The schema of an event's data by its name; `undefined` skips it. Own keys only. */
function schemaLookup(events: StreamEvents): (event: string) => z.ZodType | undefined {
  if (events instanceof z.ZodType) return () => events;
  // A server names events: `__proto__` or `constructor` must not find Object.prototype's members.
  const map = events as Record<string, z.ZodType>;
  return (event) => ownSchema(map, event);
}

/**
 * Define a typed stream endpoint: the endpoint form of Server-Sent Events, over any method (an
 * AI chat's `POST` as much as a feed's `GET`). Calling it parses the input first (a bad input
 * ends the stream with kind `'validation'` and nothing is sent), then sends the request through
 * the instance (token, refresh on a 401 before the stream starts, `onError`) and yields each
 * event with its JSON data parsed by its zod schema. `events` is one schema for every event, or
 * `{ [eventName]: schema }` (events not named are skipped). `isEnd` (default: data `[DONE]`)
 * ends the stream cleanly without yielding that event; so does a body that simply ends.
 *
 * A non-2xx answer or a JSON body instead of a stream ends it with the `ApiError` an endpoint
 * would give (a 429 keeps its status, body and `Retry-After` in `response.headers`); an event
 * whose data fails its schema ends it with kind `'validation'`. Breaking out of `for await`,
 * `close()` or the caller's `signal` abort the request. A stream that is not GET is never sent
 * again by itself: a dropped connection ends it with kind `'network'`, unless `resume: true`
 * (the server resumes from `Last-Event-ID`); a GET stream reconnects as `openEventStream` does.
 *
 * @example
 * const chat = defineStream({
 *   method: 'POST',
 *   path: '/chat/completions',
 *   body: z.object({ messages: z.array(z.object({ role: z.string(), content: z.string() })) }),
 *   events: z.object({ choices: z.array(z.object({ delta: z.object({ content: z.string().optional() }) })) }),
 * });
 * for await (const { data } of chat({ body: { messages } }, { signal })) {
 *   output.textContent += data.choices[0]?.delta.content ?? '';
 * }
 */
export function defineStream<const D extends StreamConfig>(
  definition: D,
): StreamEndpoint<StreamInput<D>, StreamEventOf<D>, D> {
  const input = compileInput(definition);
  const schemaFor = schemaLookup(definition.events);
  const isEnd = definition.isEnd ?? isDoneEvent;
  const reconnects = definition.method === 'GET' || definition.resume === true;
  const fixed = definition.config;

  const call = (raw?: RawInput, config?: AxiosRequestConfig) => {
    const effective = fixed ? { ...config, ...fixed } : config;
    // The default instance loads when the stream starts: importing realtime never builds it.
    let instance = definition.http;
    const resolve = async () => {
      instance ??= await loadDefaultHttp();
      return instance;
    };
    return openStreamCall<StreamEventOf<D>>({
      instance: resolve,
      endpoint: input.endpoint,
      build: async () => input.build(await resolve(), raw, config),
      report: (error) => (instance ? reportThrough(instance, error, effective) : error),
      signal: (effective?.signal ?? undefined) as AbortSignal | undefined,
      schemaFor,
      isEnd,
      reconnects,
      resumesFromId: definition.method !== 'GET',
    });
  };

  Object.defineProperty(call, 'definition', { value: Object.freeze({ ...definition }) });
  return call as unknown as StreamEndpoint<StreamInput<D>, StreamEventOf<D>, D>;
}

// The kit as a page uses it: one instance with every interceptor the issue names switched on
// (token, loading, cancellation, status mapping, envelope), alone and through defineEndpoint,
// and its long-poll and SSE helpers on the same instance.
import * as z from 'zod';
import { defineEndpoint } from '../src/api';
import { longPoll } from '../src/polling';
import { openEventStream, streamText } from '../src/realtime';
import { createHttp, type Http, type HttpOptions } from '../src/request';
import { type Client, TOKEN } from './clients';
import { FeedBatch, FeedEvent, User, Users } from './fixtures';
import { type FeedConsumer, lineEvents, streamPath } from './latency';

/**
 * The instance under test. Loading stays on at its default: without a DOM nprogress does nothing,
 * but the interceptor still counts every request, which is the per-request cost being measured.
 * `overrides` switch features off for bench/variants.ts.
 */
export function kitHttp(baseURL: string, overrides: HttpOptions = {}): Http {
  return createHttp({
    baseURL,
    auth: { getToken: () => TOKEN },
    loading: { delay: 200 },
    envelope: {},
    ...overrides,
  });
}

/** The instance alone: no schema, the envelope unwrapped by the instance. */
export function kitInstance(baseURL: string, overrides?: HttpOptions): Client {
  const http = kitHttp(baseURL, overrides);
  return {
    name: 'kit instance',
    getUser: async (id) => (await http.get(`/env/user/${id}`)).data,
    getUsers: async () => (await http.get('/env/users')).data,
  };
}

/** The endpoints of the full stack, on one instance. */
export function kitEndpoints(http: Http) {
  return {
    getUser: defineEndpoint({
      method: 'GET',
      path: '/env/user/:id',
      params: z.object({ id: z.number() }),
      response: User,
      http,
    }),
    listUsers: defineEndpoint({ method: 'GET', path: '/env/users', response: Users, http }),
    feed: defineEndpoint({
      method: 'GET',
      path: '/feed',
      query: z.object({ chan: z.string(), cursor: z.number() }),
      response: FeedBatch,
      http,
    }),
    /** The same feed from a server that always answers at once with nothing new. */
    feedEmpty: defineEndpoint({
      method: 'GET',
      path: '/feed-empty',
      query: z.object({ chan: z.string(), cursor: z.number() }),
      response: FeedBatch,
      http,
    }),
  };
}

/** The full stack: a `defineEndpoint` function (params and response parsed) on the same instance. */
export function kitFull(baseURL: string): Client {
  const api = kitEndpoints(kitHttp(baseURL));
  return {
    name: 'kit full stack',
    getUser: (id) => api.getUser({ params: { id } }),
    getUsers: () => api.listUsers(),
  };
}

const instances = new Map<string, Http>();
export const instanceFor = (baseURL: string): Http => {
  let http = instances.get(baseURL);
  if (!http) {
    http = kitHttp(baseURL);
    instances.set(baseURL, http);
  }
  return http;
};

/** `longPoll` over a `defineEndpoint` feed, at its defaults (minGap 100 ms, backoff). */
export const kitLongPoll: FeedConsumer = {
  name: 'kit longPoll',
  consume(baseURL, chan, count, onEvent, signal) {
    const { feed } = kitEndpoints(instanceFor(baseURL));
    return new Promise<void>((resolve, reject) => {
      const poller = longPoll(
        (cursor: number | undefined, requestSignal) =>
          feed({ query: { chan, cursor: cursor ?? 0 } }, { signal: requestSignal }),
        {
          cursor: (batch) => batch.cursor,
          onValue: (batch) => {
            for (const event of batch.events) onEvent(event);
            if (batch.cursor >= count || batch.done) poller.stop();
          },
          onError: (error) => {
            poller.stop();
            reject(error);
          },
          signal,
        },
      );
      poller.done.then(resolve, reject);
    });
  },
};

/** `openEventStream` with the event schema, through the kit instance. */
export const kitEventStream: FeedConsumer = {
  name: 'kit openEventStream',
  async consume(baseURL, chan, count, onEvent, signal) {
    const seen = new Set<number>();
    let invalid: unknown;
    const stream = openEventStream(`/sse?chan=${chan}`, {
      http: instanceFor(baseURL),
      schema: FeedEvent,
      signal,
      onEvent: ({ data }) => {
        onEvent(data);
        seen.add(data.id);
        if (seen.size >= count) stream.close();
      },
      onError: (error) => {
        invalid ??= error;
        stream.close();
      },
    });
    await stream.done;
    if (invalid) throw invalid;
  },
};

/** `streamText` through the kit instance: each chunk handed on as it arrives. */
export const kitStreamText = (interval: number): FeedConsumer => ({
  name: 'kit streamText',
  async consume(baseURL, _chan, count, onEvent, signal) {
    const feed = lineEvents(onEvent);
    await streamText(
      { url: streamPath(count, interval), loading: false },
      { http: instanceFor(baseURL), onChunk: feed, signal },
    );
  },
});

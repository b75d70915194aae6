import type { AxiosRequestConfig } from 'axios';
import * as z from 'zod';
import { defineEndpoint, type Endpoint, type EndpointInput } from './define-endpoint';
import { idSchema, isoDate } from './schemas';

// Each definition is wrapped in `/* @__PURE__ */ (() => …)()`: zod and defineEndpoint calls are
// side effects to a bundler unless marked, so that a page keeps only the ones it uses even in an
// app whose package.json does not say `"sideEffects": false` (the kit is copied source).

/** What happened. */
export const feedEventTypeSchema = /* @__PURE__ */ (() =>
  z.enum(['user.created', 'user.updated', 'user.deleted', 'job.updated']))();
/** What happened. */
export type FeedEventType = z.output<typeof feedEventTypeSchema>;

/** One change on the server, in order. */
export const feedEventSchema = /* @__PURE__ */ (() =>
  z.object({
    /** Unique, increasing id of the event. */
    id: idSchema,
    type: feedEventTypeSchema,
    /** When it happened. */
    at: isoDate,
    /** The changed resource (its JSON), or what identifies it. */
    data: z.record(z.string(), z.unknown()),
  }))();
/** One change on the server. */
export type FeedEvent = z.output<typeof feedEventSchema>;
/** A feed event as JSON on the wire. */
export type FeedEventJson = z.input<typeof feedEventSchema>;

/**
 * A batch of events and the cursor to ask from next time. A server that times out a long
 * poll with nothing new sends an empty `events` with the same cursor.
 */
export const feedBatchSchema = /* @__PURE__ */ (() =>
  z.object({
    cursor: z.string(),
    events: z.array(feedEventSchema),
  }))();
/** A batch of events and the next cursor. */
export type FeedBatch = z.output<typeof feedBatchSchema>;
/** A batch as JSON on the wire. */
export type FeedBatchJson = z.input<typeof feedBatchSchema>;

/** Query of `feedApi.since`. */
export const feedQuerySchema = /* @__PURE__ */ (() =>
  z.object({
    /** Where the previous batch ended; `''` or absent (nothing is sent) means from the oldest event kept. */
    cursor: z
      .string()
      .max(200)
      .optional()
      .transform((cursor) => cursor || undefined),
    /** Seconds the server may hold the request open; keep it under the request timeout. */
    wait: z.coerce.number<number>().int().min(0).max(60).optional(),
  }))();
/** Query of `feedApi.since`, as the caller writes it. */
export type FeedQuery = z.input<typeof feedQuerySchema>;

const sinceRaw = /* @__PURE__ */ (() =>
  defineEndpoint({
    method: 'GET',
    path: '/feed',
    query: feedQuerySchema.prefault({}),
    // undefined for a 204 (or an empty body): `since` turns it into an empty batch.
    response: feedBatchSchema.optional(),
  }))();

type SinceInput = EndpointInput<typeof sinceRaw.definition>;

/** `feedApi.since`: the endpoint's input, or just the cursor (`since(cursor)`, as DESIGN.md writes it). */
type Since = Endpoint<SinceInput, FeedBatch, typeof sinceRaw.definition> &
  ((cursor?: string, config?: AxiosRequestConfig) => Promise<FeedBatch>);

// A module-level function, not a per-call closure: it only fills in the 204 case.
async function since(input?: SinceInput | string, config?: AxiosRequestConfig): Promise<FeedBatch> {
  // `since('c1')` must not be read as "no cursor" (which would replay the feed from the start).
  const request = typeof input === 'string' ? { query: { cursor: input } } : input;
  const batch = await sinceRaw(request, config);
  return batch ?? { cursor: request?.query?.cursor ?? '', events: [] };
}

/** The change feed, for long polling. */
export const feedApi = /* @__PURE__ */ (() => ({
  /**
   * Events after `cursor`. The server holds the request until something happens or it times
   * out; a timeout (an empty batch, or a 204) resolves with `{ cursor, events: [] }` and the
   * same cursor, so a long-poll loop simply asks again. Takes the endpoint input
   * (`{ query: { cursor, wait } }`) or the cursor alone: `since(cursor)`.
   * @example
   * longPoll((cursor, signal) => feedApi.since({ query: { cursor } }, { signal }), {
   *   cursor: (batch) => batch.cursor,
   *   onValue: (batch) => batch.events.forEach(apply),
   * });
   */
  since: Object.assign(since, { definition: sinceRaw.definition }) as Since,
}))();

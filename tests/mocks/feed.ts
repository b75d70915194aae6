import { type HttpHandler, HttpResponse } from 'msw';
import { type FeedEventJson, type FeedEventType, feedApi } from '../../src/api';
import { API_BASE, errorJson, queryOf, route, validate } from './shared';

/** The event log behind the feed mock; a cursor is the number of events already seen. */
export interface FeedDb {
  events: FeedEventJson[];
  /** How "nothing new" (a server-side long-poll timeout) is answered. @default 'batch' */
  emptyAs: 'batch' | 204;
  /** Most events per batch. @default 50 */
  limit: number;
}

/** An empty log. */
export function createFeedDb(options: Partial<Pick<FeedDb, 'emptyAs' | 'limit'>> = {}): FeedDb {
  return { events: [], emptyAs: options.emptyAs ?? 'batch', limit: options.limit ?? 50 };
}

/** Append an event (what the server does when something changes). */
export function pushEvent(
  db: FeedDb,
  type: FeedEventType,
  data: Record<string, unknown>,
): FeedEventJson {
  const event: FeedEventJson = {
    id: `evt_${db.events.length + 1}`,
    type,
    at: new Date().toISOString(),
    data,
  };
  db.events.push(event);
  return event;
}

/**
 * msw handler for `feedApi.since`. It answers at once (no holding: unit tests run on msw);
 * with nothing new it answers an empty batch with the same cursor, or a 204.
 */
export function feedHandlers(db: FeedDb = createFeedDb(), base: string = API_BASE): HttpHandler[] {
  return [
    route(
      feedApi.since,
      ({ request }) => {
        const q = validate(feedApi.since.definition.query, queryOf(request));
        if (!q.ok) return q.response;
        const cursor = q.data.cursor ?? '0';
        if (!/^\d+$/.test(cursor) || Number(cursor) > db.events.length) {
          return errorJson(400, 'Unknown cursor');
        }
        const from = Number(cursor);
        const events = db.events.slice(from, from + db.limit);
        if (events.length === 0 && db.emptyAs === 204)
          return new HttpResponse(null, { status: 204 });
        return HttpResponse.json({ cursor: String(from + events.length), events });
      },
      base,
    ),
  ];
}

import { beforeEach, describe, expect, it } from 'vitest';
import { feedApi } from '../../src/api';
import { createFeedDb, type FeedDb, feedHandlers, pushEvent } from '../mocks';
import { server } from '../setup/msw';

let db: FeedDb;
beforeEach(() => {
  db = createFeedDb({ limit: 2 });
  server.use(...feedHandlers(db));
});

describe('feedApi.since', () => {
  it('pages through events by cursor, dates as Date', async () => {
    pushEvent(db, 'user.created', { id: 'usr_4' });
    pushEvent(db, 'user.updated', { id: 'usr_4' });
    pushEvent(db, 'job.updated', { id: 'job_1' });
    const first = await feedApi.since();
    expect(first.cursor).toBe('2');
    expect(first.events.map((e) => e.type)).toEqual(['user.created', 'user.updated']);
    expect(first.events[0]?.at).toBeInstanceOf(Date);
    const second = await feedApi.since({ query: { cursor: first.cursor } });
    expect(second).toMatchObject({ cursor: '3', events: [{ id: 'evt_3', type: 'job.updated' }] });
  });

  it('answers an empty batch with the same cursor on a server timeout', async () => {
    pushEvent(db, 'user.created', { id: 'usr_4' });
    await expect(feedApi.since({ query: { cursor: '1' } })).resolves.toEqual({
      cursor: '1',
      events: [],
    });
  });

  it('maps a 204 to an empty batch with the same cursor', async () => {
    db.emptyAs = 204;
    await expect(feedApi.since({ query: { cursor: '0' } })).resolves.toEqual({
      cursor: '0',
      events: [],
    });
    await expect(feedApi.since()).resolves.toEqual({ cursor: '', events: [] });
  });

  it('refuses a bad query and surfaces a server 400 as an http error', async () => {
    await expect(feedApi.since({ query: { wait: 600 } })).rejects.toMatchObject({
      kind: 'validation',
      part: 'query',
      endpoint: 'GET /feed',
    });
    await expect(feedApi.since({ query: { cursor: 'abc' } })).rejects.toMatchObject({
      kind: 'http',
      status: 400,
    });
  });
});

import type { HttpHandler } from 'msw';
import { type AuthDb, authHandlers, createAuthDb } from './auth';
import { createFeedDb, type FeedDb, feedHandlers } from './feed';
import { createJobDb, type JobDb, jobHandlers } from './job';
import { API_BASE } from './shared';
import { createUserDb, type UserDb, userHandlers } from './user';

export * from './auth';
export * from './feed';
export * from './job';
export * from './shared';
export * from './user';

/** The in-memory state of every mocked domain (auth signs in as users of `users`). */
export interface MockDb {
  users: UserDb;
  auth: AuthDb;
  jobs: JobDb;
  feed: FeedDb;
}

/** A fresh, seeded state for every domain. */
export function createMockDb(): MockDb {
  const users = createUserDb();
  return { users, auth: createAuthDb(users), jobs: createJobDb(), feed: createFeedDb() };
}

/**
 * Handlers for every domain over one `db`.
 * @example server.use(...createHandlers(createMockDb()))
 */
export function createHandlers(
  db: MockDb = createMockDb(),
  base: string = API_BASE,
): HttpHandler[] {
  return [
    ...authHandlers(db.auth, base),
    ...userHandlers(db.users, base),
    ...jobHandlers(db.jobs, base),
    ...feedHandlers(db.feed, base),
  ];
}

/** Handlers for every domain over a fresh state of their own (build your own `db` to inspect it). */
export const handlers: HttpHandler[] = createHandlers();

import * as z from 'zod';

/** The 10-field user every scenario fetches. */
export const User = z.object({
  id: z.number(),
  username: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(['admin', 'member', 'viewer']),
  active: z.boolean(),
  age: z.number(),
  score: z.number(),
  createdAt: z.string(),
  tags: z.array(z.string()),
});
export type User = z.infer<typeof User>;

export const Users = z.array(User);

/** What the long-poll feed and the SSE stream carry: an id and the server's send time. */
export const FeedEvent = z.object({ id: z.number(), t: z.number() });
export const FeedBatch = z.object({
  cursor: z.number(),
  events: z.array(FeedEvent),
  done: z.boolean(),
});
export type FeedBatch = z.infer<typeof FeedBatch>;

/** The `{ code, data, message }` envelope around a schema (the validating peers parse it whole). */
export const envelopeOf = <T extends z.ZodType>(data: T) =>
  z.object({ code: z.number(), data, message: z.string() });

const roles = ['admin', 'member', 'viewer'] as const;

/** A deterministic user, so every run sends the same bytes. */
export function makeUser(id: number): User {
  return {
    id,
    username: `user${id}`,
    email: `user${id}@example.com`,
    name: `User Number ${id}`,
    role: roles[id % 3]!,
    active: id % 2 === 0,
    age: 20 + (id % 50),
    score: Math.round(id * 73.7) / 10,
    createdAt: new Date(Date.UTC(2024, 0, 1) + id * 86_400_000).toISOString(),
    tags: ['alpha', 'beta', `t${id % 7}`],
  };
}

export function makeUsers(count: number): User[] {
  return Array.from({ length: count }, (_, i) => makeUser(i + 1));
}

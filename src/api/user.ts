import * as z from 'zod';
import { defineEndpoint } from './define-endpoint';
import { idSchema, isoDate } from './schemas';

// Each definition is wrapped in `/* @__PURE__ */ (() => …)()`: zod and defineEndpoint calls are
// side effects to a bundler unless marked, so that a page keeps only the ones it uses even in an
// app whose package.json does not say `"sideEffects": false` (the kit is copied source).

/** What a user may do. */
export const roleSchema = /* @__PURE__ */ (() => z.enum(['admin', 'member', 'viewer']))();
/** What a user may do. */
export type Role = z.output<typeof roleSchema>;

/** A user as the API returns it (`createdAt` arrives as an ISO string, leaves as a `Date`). */
export const userSchema = /* @__PURE__ */ (() =>
  z.object({
    id: idSchema,
    name: z.string().min(1),
    email: z.email(),
    role: roleSchema,
    createdAt: isoDate,
  }))();
/** A user in the app. */
export type User = z.output<typeof userSchema>;
/** A user as JSON on the wire (what a server or a mock sends). */
export type UserJson = z.input<typeof userSchema>;

/** Paging and filters of `userApi.list`; every key is optional, the defaults are sent. */
export const listUsersQuerySchema = /* @__PURE__ */ (() =>
  z.object({
    /** 1-based page. @default 1 */
    page: z.coerce.number<number>().int().min(1).default(1),
    /** Items per page. @default 20 */
    pageSize: z.coerce.number<number>().int().min(1).max(100).default(20),
    /** Case-insensitive match on name or email. */
    search: z.string().trim().min(1).max(100).optional(),
    /** Only users with this role. */
    role: roleSchema.optional(),
  }))();
/** Query of `userApi.list`, as the caller writes it. */
export type ListUsersQuery = z.input<typeof listUsersQuerySchema>;

/** One page of users. */
export const userPageSchema = /* @__PURE__ */ (() =>
  z.object({
    items: z.array(userSchema),
    total: z.number().int().nonnegative(),
    page: z.number().int().min(1),
    pageSize: z.number().int().min(1),
  }))();
/** One page of users. */
export type UserPage = z.output<typeof userPageSchema>;

/** Body of `userApi.create`; `role` defaults to `'member'`. */
export const createUserBodySchema = /* @__PURE__ */ (() =>
  z.object({
    name: z.string().trim().min(1).max(100),
    email: z.email(),
    role: roleSchema.default('member'),
  }))();
/** Body of `userApi.create`, as the caller writes it. */
export type CreateUserBody = z.input<typeof createUserBodySchema>;

/** Body of `userApi.update`: the fields to change, at least one. */
export const updateUserBodySchema = /* @__PURE__ */ (() =>
  z
    .object({
      name: z.string().trim().min(1).max(100).optional(),
      email: z.email().optional(),
      role: roleSchema.optional(),
    })
    .refine((patch) => Object.values(patch).some((v) => v !== undefined), 'Nothing to update'))();
/** Body of `userApi.update`, as the caller writes it. */
export type UpdateUserBody = z.input<typeof updateUserBodySchema>;

/** Path params of the endpoints on one user. */
export const userParamsSchema = /* @__PURE__ */ (() => z.object({ id: idSchema }))();

/** Users: list, read, create, update and delete. */
export const userApi = /* @__PURE__ */ (() => ({
  /**
   * One page of users, filtered. `query` is optional: `page` 1 and `pageSize` 20 are sent.
   * @example const { items, total } = await userApi.list({ query: { search: 'ann', page: 2 } });
   */
  list: defineEndpoint({
    method: 'GET',
    path: '/users',
    query: listUsersQuerySchema.prefault({}),
    response: userPageSchema,
  }),
  /**
   * One user by id; a missing one rejects with `ApiError` kind `'http'`, status 404.
   * @example const user = await userApi.get({ params: { id } });
   */
  get: defineEndpoint({
    method: 'GET',
    path: '/users/:id',
    params: userParamsSchema,
    response: userSchema,
  }),
  /**
   * Create a user; resolves with it as stored (id and `createdAt` set by the server).
   * @example const user = await userApi.create({ body: { name: 'Ann', email: 'ann@example.com' } });
   */
  create: defineEndpoint({
    method: 'POST',
    path: '/users',
    body: createUserBodySchema,
    response: userSchema,
  }),
  /**
   * Change some fields of a user; resolves with the updated user.
   * @example await userApi.update({ params: { id }, body: { role: 'admin' } });
   */
  update: defineEndpoint({
    method: 'PATCH',
    path: '/users/:id',
    params: userParamsSchema,
    body: updateUserBodySchema,
    response: userSchema,
  }),
  /**
   * Delete a user; the server answers 204, the promise resolves with `undefined`.
   * @example await userApi.remove({ params: { id } });
   */
  remove: defineEndpoint({
    method: 'DELETE',
    path: '/users/:id',
    params: userParamsSchema,
    response: z.void(),
  }),
}))();

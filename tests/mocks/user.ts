import { type HttpHandler, HttpResponse } from 'msw';
import { type UserJson, userApi } from '../../src/api';
import { API_BASE, errorJson, jsonBody, queryOf, route, validate } from './shared';

/** The in-memory user table behind the user mocks. */
export interface UserDb {
  users: Map<string, UserJson>;
  /** Counter for new ids (`usr_4`, `usr_5`, …). */
  seq: number;
}

/** Three seeded users: `usr_1` Ann (admin), `usr_2` Bob (member), `usr_3` Chen (viewer). */
export function createUserDb(): UserDb {
  const seed: UserJson[] = [
    {
      id: 'usr_1',
      name: 'Ann Lee',
      email: 'ann@example.com',
      role: 'admin',
      createdAt: '2026-01-05T09:00:00.000Z',
    },
    {
      id: 'usr_2',
      name: 'Bob Stone',
      email: 'bob@example.com',
      role: 'member',
      createdAt: '2026-02-11T14:30:00.000Z',
    },
    {
      id: 'usr_3',
      name: 'Chen Wei',
      email: 'chen@example.com',
      role: 'viewer',
      createdAt: '2026-03-20T08:15:00.000Z',
    },
  ];
  return { users: new Map(seed.map((u) => [u.id, u])), seq: seed.length };
}

const notFound = () => errorJson(404, 'User not found');

/**
 * msw handlers for `userApi`, over `db`. Requests are validated with the endpoints' own
 * schemas (a bad one gets a 422 with the issues); responses are wire JSON (`UserJson`).
 */
export function userHandlers(db: UserDb = createUserDb(), base: string = API_BASE): HttpHandler[] {
  const d = userApi;
  return [
    route(
      d.list,
      ({ request }) => {
        const q = validate(d.list.definition.query, queryOf(request));
        if (!q.ok) return q.response;
        const { page, pageSize, search, role } = q.data;
        const needle = search?.toLowerCase();
        const all = [...db.users.values()].filter(
          (u) =>
            (role === undefined || u.role === role) &&
            (needle === undefined ||
              u.name.toLowerCase().includes(needle) ||
              u.email.toLowerCase().includes(needle)),
        );
        const items = all.slice((page - 1) * pageSize, page * pageSize);
        return HttpResponse.json({ items, total: all.length, page, pageSize });
      },
      base,
    ),
    route(
      d.get,
      ({ params }) => {
        const user = db.users.get(String(params.id));
        return user ? HttpResponse.json(user) : notFound();
      },
      base,
    ),
    route(
      d.create,
      async ({ request }) => {
        const b = validate(d.create.definition.body, await jsonBody(request));
        if (!b.ok) return b.response;
        const email = b.data.email;
        if ([...db.users.values()].some((u) => u.email === email)) {
          return errorJson(409, 'Email already in use');
        }
        db.seq += 1;
        const user: UserJson = {
          id: `usr_${db.seq}`,
          ...b.data,
          createdAt: new Date().toISOString(),
        };
        db.users.set(user.id, user);
        return HttpResponse.json(user, { status: 201 });
      },
      base,
    ),
    route(
      d.update,
      async ({ params, request }) => {
        const user = db.users.get(String(params.id));
        if (!user) return notFound();
        const b = validate(d.update.definition.body, await jsonBody(request));
        if (!b.ok) return b.response;
        const patch = Object.fromEntries(Object.entries(b.data).filter(([, v]) => v !== undefined));
        const next: UserJson = { ...user, ...patch };
        db.users.set(next.id, next);
        return HttpResponse.json(next);
      },
      base,
    ),
    route(
      d.remove,
      ({ params }) =>
        db.users.delete(String(params.id)) ? new HttpResponse(null, { status: 204 }) : notFound(),
      base,
    ),
  ];
}

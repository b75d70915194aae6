import * as z from 'zod';

// Each definition is wrapped in `/* @__PURE__ */ (() => …)()`: zod and defineEndpoint calls are
// side effects to a bundler unless marked, so that a page keeps only the ones it uses even in an
// app whose package.json does not say `"sideEffects": false` (the kit is copied source).

/**
 * An ISO 8601 timestamp on the wire, a `Date` in the app. A codec, so `z.encode(schema, value)`
 * turns app values back into wire JSON (mocks and the demo backend do that).
 *
 * @example
 * const event = z.object({ at: isoDate }); // input { at: string }, output { at: Date }
 */
export const isoDate = /* @__PURE__ */ (() =>
  z.codec(z.iso.datetime({ offset: true }), z.date(), {
    decode: (text) => new Date(text),
    encode: (date) => date.toISOString(),
  }))();

/**
 * An opaque resource id (`usr_8f3k2`, a UUID, …): URL-safe characters only, so it is a valid
 * path segment even before encoding.
 */
export const idSchema = /* @__PURE__ */ (() =>
  z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Expected an id of letters, digits, "_" or "-"'))();

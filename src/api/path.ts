import type * as z from 'zod';

/**
 * Fills the `:name` segments of a path template. Built once per endpoint by `compilePath`, so a
 * call only concatenates strings.
 */
export type PathFiller = (params: unknown) => string | PathIssue;

/** Why a path param could not be used: becomes a zod-style issue on a `'validation'` ApiError. */
export interface PathIssue {
  /** The issue, with the param's name as its path. */
  readonly issue: z.core.$ZodIssueCustom;
}

const PARAM = /:([A-Za-z_$][\w$]*)/g;

/** The `:name` segments of a path template, in order. */
export function pathParamNames(path: string): string[] {
  return Array.from(path.matchAll(PARAM), (m) => m[1] as string);
}

function issue(name: string, input: unknown, message: string): PathIssue {
  return { issue: { code: 'custom', path: [name], message, input } };
}

/**
 * Precompile a path template into literal pieces and param names. Each value is
 * `encodeURIComponent`'d, so `'../admin'`, `'a?x=1#'` or `'%2F%2Fevil'` stay inside their
 * segment; empty, `.` and `..` (which encoding leaves unchanged) are refused.
 */
export function compilePath(path: string): PathFiller {
  const names = pathParamNames(path);
  if (names.length === 0) return () => path;
  const pieces = path.split(PARAM).filter((_, i) => i % 2 === 0);
  const count = names.length;
  return (params) => {
    const values = (params ?? {}) as Record<string, unknown>;
    let url = pieces[0] as string;
    for (let i = 0; i < count; i++) {
      const name = names[i] as string;
      const raw = values[name];
      if (raw === undefined || raw === null) return issue(name, raw, 'Path parameter is missing');
      if (typeof raw === 'object' || typeof raw === 'function' || typeof raw === 'symbol') {
        return issue(name, raw, 'Path parameter must be a string, number or boolean');
      }
      const value = String(raw);
      if (value === '' || value === '.' || value === '..') {
        return issue(name, raw, 'Path parameter must not be empty, "." or ".."');
      }
      let encoded: string;
      try {
        encoded = encodeURIComponent(value);
      } catch {
        // A lone surrogate has no UTF-8 form (encodeURIComponent throws URIError): refuse it
        // as invalid input instead of letting a raw URIError out of the endpoint.
        return issue(name, raw, 'Path parameter is not well-formed text');
      }
      url += encoded + (pieces[i + 1] as string);
    }
    return url;
  };
}

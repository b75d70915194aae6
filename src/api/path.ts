import type * as z from 'zod';

/**
 * Fills the `:name` segments of a path template. Built once per endpoint by `compilePath`, so a
 * call only concatenates strings.
 */
export type PathFiller = (params: unknown) => string | PathIssue;

/**
 * Why a path param could not be used, shaped like a failed zod parse: its one issue has the
 * param's name as its path. Becomes a `'validation'` ApiError.
 */
export interface PathIssue {
  readonly error: { issues: z.core.$ZodIssue[] };
}

const PARAM = /:([A-Za-z_$][\w$]*)/g;

/** The `:name` segments of a path template, in order. */
export function pathParamNames(path: string): string[] {
  return path.split(PARAM).filter((_, i) => i % 2 === 1);
}

function issue(name: string, input: unknown, message: string): PathIssue {
  return { error: { issues: [{ code: 'custom', path: [name], message, input }] } };
}

/**
 * Precompile a path template into literal pieces and param names. Each value is
 * `encodeURIComponent`'d, so `'../admin'`, `'a?x=1#'` or `'%2F%2Fevil'` stay inside their
 * segment; empty, `.` and `..` (which encoding leaves unchanged) are refused.
 */
export function compilePath(path: string): PathFiller {
  // The literal pieces at the even places, the param names at the odd ones.
  const parts = path.split(PARAM);
  if (parts.length === 1) return () => path;
  return (params) => {
    const values = (params ?? {}) as Record<string, unknown>;
    let url = parts[0] as string;
    for (let i = 1; i < parts.length; i += 2) {
      const name = parts[i] as string;
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
      url += encoded + (parts[i + 1] as string);
    }
    return url;
  };
}

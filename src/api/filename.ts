import { parse } from 'content-disposition';

// Control characters (C0, DEL, C1) and the bidi overrides that can disguise an extension.
/* eslint-disable no-control-regex -- that is the point (for an app's ESLint or oxlint) */
// biome-ignore lint/suspicious/noControlCharactersInRegex: that is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
/* eslint-enable no-control-regex */

/**
 * The filename a `Content-Disposition` header names, safe to save under, or `undefined`.
 * Parsing (RFC 6266, with RFC 8187/5987 `filename*=UTF-8''…` winning over `filename="…"`) is the
 * `content-disposition` package's (jshttp, the one Express uses); on top of it: a plain `filename`
 * that is percent-encoded UTF-8 (what many Java backends send) is decoded; path parts (`/`, `\`)
 * and control characters are stripped; a name of only dots is refused.
 *
 * @example filenameFromDisposition(`attachment; filename*=UTF-8''%E7%94%A8%E6%88%B7.csv`) // '用户.csv'
 */
export function filenameFromDisposition(header: string | null | undefined): string | undefined {
  if (!header) return undefined;
  const { parameters } = parse(header);
  const extended = Object.hasOwn(parameters, 'filename*') ? parameters['filename*'] : undefined;
  // The parser puts a decoded filename* into `filename`; a filename* it could not decode is ignored.
  let name = Object.hasOwn(parameters, 'filename') ? parameters.filename : undefined;
  if (name === undefined) return undefined;
  // Only a plain filename: a decoded filename* must not be decoded twice.
  if (extended === undefined && /%[0-9A-Fa-f]{2}/.test(name)) name = percentDecoded(name);
  const base = name.split(/[/\\]/).pop() ?? '';
  const clean = base.replace(UNSAFE, '').trim();
  return clean === '' || /^\.+$/.test(clean) ? undefined : clean;
}

function percentDecoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    // Not percent-encoded UTF-8 after all: the text as sent.
    return text;
  }
}

/**
 * A string a `pattern` accepts, made from the pattern itself, for the samples the generated mocks
 * and tests use: a backend's `@Pattern(regexp = "^1[3-9]\\d{9}$")` or FastAPI's
 * `grant_type: { pattern: '^password$' }` matches none of the made-up words a sample tries first.
 *
 * It reads the regex syntax real documents use: literals and escapes, classes (ranges, negated,
 * `\d\w\s`), `.`, groups with alternatives (the first one is taken), quantifiers (the fewest
 * repeats, more when `minLength` asks for them) and anchors. Lookarounds and back-references add
 * nothing here, so every candidate is checked against the real regex: a pattern this cannot
 * satisfy gives `undefined`, never a string the schema would refuse.
 */

/** Characters a class or a negated class is tried with, in order, before its own range starts. */
const PREFERRED = ['a', 'A', '1', 'x', '0', '_', '-', '.', ' ', '@'];

interface Cursor {
  pattern: string;
  at: number;
  /** How many repeats past the minimum an open-ended quantifier takes (`*`, `+`, `{n,}`). */
  extra: number;
}

/** The character an escape outside a class stands for (one that matches it). */
function escapeOutside(cursor: Cursor): string {
  const char = cursor.pattern[cursor.at++] ?? '';
  switch (char) {
    case 'd':
      return '1';
    case 'D':
    case 'w':
    case 'S':
      return 'a';
    case 'W':
      return '-';
    case 's':
      return ' ';
    case 't':
      return '\t';
    case 'n':
      return '\n';
    case 'r':
      return '\r';
    case 'b':
    case 'B':
      return '';
    case 'x':
    case 'u': {
      const length = char === 'x' ? 2 : 4;
      const hex = cursor.pattern.slice(cursor.at, cursor.at + length);
      if (/^[\da-f]+$/i.test(hex) && hex.length === length) {
        cursor.at += length;
        return String.fromCharCode(Number.parseInt(hex, 16));
      }
      return char;
    }
    default:
      // \1 (a back-reference) cannot be told here: the final check refuses what it breaks.
      return char;
  }
}

/** A character the class `[...]` (read from the cursor, just past `[`) matches. */
function fromClass(cursor: Cursor): string | undefined {
  const start = cursor.at - 1;
  let i = cursor.at;
  if (cursor.pattern[i] === '^') i++;
  if (cursor.pattern[i] === ']') i++;
  const literals: string[] = [];
  for (; i < cursor.pattern.length && cursor.pattern[i] !== ']'; i++) {
    if (cursor.pattern[i] === '\\') {
      const next = cursor.pattern[i + 1] ?? '';
      const hex = /^u[\da-f]{4}/i.test(cursor.pattern.slice(i + 1, i + 6))
        ? cursor.pattern.slice(i + 2, i + 6)
        : undefined;
      if (hex) {
        literals.push(String.fromCharCode(Number.parseInt(hex, 16)));
        i += 5;
      } else {
        literals.push(next);
        i++;
      }
    } else literals.push(cursor.pattern[i]!);
  }
  cursor.at = i + 1;
  let klass: RegExp;
  try {
    klass = new RegExp(`^${cursor.pattern.slice(start, i + 1)}$`);
  } catch {
    return undefined;
  }
  return [...PREFERRED, ...literals, '1', 'a'].find((char) => klass.test(char));
}

/** How many times the atom just read repeats: the fewest, plus `extra` when open-ended. */
function repeats(cursor: Cursor): number {
  const { pattern } = cursor;
  const char = pattern[cursor.at];
  let count = 1;
  if (char === '*' || char === '+' || char === '?') {
    cursor.at++;
    count = char === '?' ? 0 : (char === '+' ? 1 : 0) + cursor.extra;
  } else if (char === '{') {
    const match = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(cursor.at));
    if (match) {
      cursor.at += match[0].length;
      const min = Number(match[1]);
      const max = match[2] === undefined ? min : match[3] ? Number(match[3]) : Infinity;
      count = Math.min(min + cursor.extra, max);
    }
  }
  // A lazy or possessive mark changes nothing about what matches.
  if (pattern[cursor.at] === '?' || pattern[cursor.at] === '+') cursor.at++;
  return count;
}

/** The alternatives up to `)` or the end, the first one written out. */
function alternatives(cursor: Cursor): string | undefined {
  let first: string | undefined;
  let current = '';
  let taken = false;
  while (cursor.at < cursor.pattern.length && cursor.pattern[cursor.at] !== ')') {
    const char = cursor.pattern[cursor.at++]!;
    if (char === '|') {
      if (!taken) first = current;
      taken = true;
      current = '';
      continue;
    }
    let atom: string | undefined;
    if (char === '^' || char === '$') continue;
    if (char === '\\') atom = escapeOutside(cursor);
    else if (char === '.') atom = 'a';
    else if (char === '[') atom = fromClass(cursor);
    else if (char === '(') {
      let lookaround = false;
      if (cursor.pattern[cursor.at] === '?') {
        const kind = /^\?(:|=|!|<=|<!|<[A-Za-z_$][\w$]*>)/.exec(cursor.pattern.slice(cursor.at));
        if (!kind) return undefined;
        cursor.at += kind[0].length;
        lookaround = kind[1] !== ':' && !kind[1]!.endsWith('>');
      }
      const inner = alternatives(cursor);
      if (cursor.pattern[cursor.at] !== ')') return undefined;
      cursor.at++;
      atom = lookaround ? '' : inner;
    } else atom = char;
    if (atom === undefined) return undefined;
    current += atom.repeat(repeats(cursor));
  }
  return taken ? first : current;
}

/**
 * A string `pattern` (a JavaScript regex source, as `new RegExp(pattern)` reads it) accepts, within
 * the length limits, or `undefined` when none is found.
 * @example patternSample('^1[3-9]\\d{9}$') // '13111111111'
 */
export function patternSample(
  pattern: string,
  minLength = 0,
  maxLength = Number.POSITIVE_INFINITY,
): string | undefined {
  let regex: RegExp;
  try {
    regex = new RegExp(pattern);
  } catch {
    return undefined;
  }
  // Open-ended repeats grow until the text is long enough (bounded: one more each round).
  for (let extra = 0; extra <= Math.max(1, Math.min(minLength, 64)); extra++) {
    const cursor: Cursor = { pattern, at: 0, extra };
    const text = alternatives(cursor);
    if (text === undefined || cursor.at < pattern.length) return undefined;
    if (text.length > maxLength) return undefined;
    if (text.length >= minLength && regex.test(text)) return text;
  }
  return undefined;
}

/** One event of an event stream, as the parser hands it over. */
export interface SseMessage {
  /** The event's own `id:` line (undefined without one; `''` when the server cleared it). */
  id?: string | undefined;
  /** The `event:` line (undefined without one or when empty: the type is then `'message'`). */
  event?: string | undefined;
  /** The `data:` lines, joined by `\n`. */
  data: string;
}

const FIELDS = ['data', 'event', 'id', 'retry'];

/** Whether an unfinished line can still become a field the parser keeps (a comment or an unknown one is dropped). */
function isField(partial: string): boolean {
  const head = partial.slice(0, 6);
  const colon = head.indexOf(':');
  return colon < 0
    ? FIELDS.some((field) => field.startsWith(head))
    : FIELDS.includes(head.slice(0, colon));
}

/**
 * A Server-Sent Events parser (the WHATWG event stream grammar): feed it text in pieces cut
 * anywhere; each event goes to `onEvent` once its blank line arrives. Lines end with LF, CR or
 * CRLF (a CR at the end of a piece ends its line at once, and an LF opening the next piece is
 * its pair); `data:` lines join with `\n`; one space after the colon is dropped; a leading BOM,
 * comments, unknown fields, an `id:` holding NUL and a `retry:` that is not digits are ignored.
 * An event without a `data:` line dispatches nothing. A line that cannot be a field it keeps is
 * dropped as it arrives, never buffered; a long line arriving in many pieces is joined once.
 *
 * @example
 * const feed = createSseParser((event) => console.log(event.data), (ms) => (retry = ms));
 * feed('data: hel'); feed('lo\n\n'); // logs 'hello'
 */
export function createSseParser(
  onEvent: (message: SseMessage) => void,
  onRetry: (ms: number) => void,
): (text: string) => void {
  let rest = '';
  let dropping = false;
  let afterCr = false;
  let started = false;
  let data: string | undefined;
  let event: string | undefined;
  let id: string | undefined;

  const line = (text: string) => {
    if (!text) {
      if (data !== undefined) onEvent({ id, event, data });
      data = event = id = undefined;
      return;
    }
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    const value = colon < 0 ? '' : text.slice(colon + (text[colon + 1] === ' ' ? 2 : 1));
    if (field === 'data') data = data === undefined ? value : `${data}\n${value}`;
    else if (field === 'event') event = value || undefined;
    else if (field === 'id') id = value.includes('\0') ? id : value;
    else if (field === 'retry' && /^\d+$/.test(value)) onRetry(Number(value));
  };

  return (piece) => {
    let text = piece;
    if (!started && text) {
      started = true;
      if (text[0] === '\uFEFF') text = text.slice(1);
    }
    if (afterCr && text) {
      afterCr = false;
      if (text[0] === '\n') text = text.slice(1);
    }
    let lf = text.indexOf('\n');
    let cr = text.indexOf('\r');
    if (lf < 0 && cr < 0) {
      // Past six characters the line is known to be a field: appended (joined once, at its end).
      const known = rest.length > 5;
      if (!dropping) rest += text;
      if (known || dropping) return;
    } else {
      if (rest) {
        text = rest + text;
        lf = text.indexOf('\n');
        cr = text.indexOf('\r');
      }
      // Each terminator found once: a search is repeated only past the line it ended.
      let start = 0;
      for (;;) {
        if (cr >= 0 && cr < start) cr = text.indexOf('\r', start);
        if (lf >= 0 && lf < start) lf = text.indexOf('\n', start);
        const end = cr < 0 || (lf >= 0 && lf < cr) ? lf : cr;
        if (end < 0) break;
        if (dropping) dropping = false;
        else line(text.slice(start, end));
        start = end + (end === cr && text.charCodeAt(end + 1) === 10 ? 2 : 1);
        afterCr = end === cr && start === text.length;
      }
      rest = text.slice(start);
    }
    if (rest && !isField(rest)) {
      rest = '';
      dropping = true;
    }
  };
}

import * as z from 'zod';
import { isoDate } from '../../src/api';
import { type EventStream, openEventStream } from '../../src/realtime';
import { $, describe, h, status } from '../dom';
import { whileSignedIn } from '../session';

/** What the server sends in each `tick` event's data. */
const tickSchema = z.object({ symbol: z.string(), price: z.number(), at: isoDate });

const BARS = 40;

/**
 * Server-Sent Events through the kit: `openEventStream` goes through the default instance, so
 * the request carries the token (EventSource cannot), and the JSON of every event is parsed with
 * `tickSchema`. The server ends the stream every 15 s: it resumes from `Last-Event-ID`.
 */
export function mountTicker() {
  const price = $('#ticker-price');
  const idLabel = $('#ticker-id');
  const count = $('#ticker-count');
  const spark = $('#ticker-spark');
  const statusLine = $('#ticker-status');
  const prices: number[] = [];
  let received = 0;

  function draw() {
    const min = Math.min(...prices);
    const max = Math.max(...prices);
    spark.replaceChildren(
      ...prices.map((p) => {
        const bar = h('span');
        bar.style.height = `${max === min ? 50 : 10 + ((p - min) / (max - min)) * 90}%`;
        return bar;
      }),
    );
  }

  whileSignedIn(() => {
    status(statusLine, 'Connecting…');
    const stream: EventStream = openEventStream('/events', {
      schema: tickSchema,
      onOpen: () =>
        status(
          statusLine,
          stream.lastEventId ? `Reconnected · resumed after id ${stream.lastEventId}` : 'Connected',
          'ok',
        ),
      onEvent({ id, data }) {
        received += 1;
        const previous = prices.at(-1);
        prices.push(data.price);
        if (prices.length > BARS) prices.shift();
        price.textContent = `${data.symbol} ${data.price.toFixed(2)}`;
        price.className = `price ${previous === undefined || data.price >= previous ? 'up' : 'down'}`;
        idLabel.textContent = `event id ${id ?? '–'} · ${data.at.toLocaleTimeString()}`;
        count.textContent = String(received);
        draw();
      },
      onReconnect: ({ delay }) =>
        status(
          statusLine,
          `Stream ended; reconnecting in ${delay} ms with Last-Event-ID ${stream.lastEventId}`,
        ),
      onError: (error) => status(statusLine, describe(error), 'bad'),
    });
    return () => {
      stream.close();
      status(statusLine, 'Closed (signed out).');
    };
  });
}

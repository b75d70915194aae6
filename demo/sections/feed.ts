import { type FeedEvent, feedApi } from '../../src/api';
import { longPoll } from '../../src/polling';
import { $, clock, describe, h, status } from '../dom';
import { whileSignedIn } from '../session';

const SHOWN = 8;

function summary(event: FeedEvent): string {
  const { data } = event;
  const name = typeof data.name === 'string' ? data.name : String(data.id ?? '');
  switch (event.type) {
    case 'user.created':
      return `${name} was added`;
    case 'user.deleted':
      return `${name} was deleted`;
    case 'user.updated':
      return typeof data.status === 'string' ? `${name} is ${data.status}` : `${name} was edited`;
    case 'job.updated':
      return `job ${String(data.id)} is ${String(data.state)}`;
  }
}

/**
 * The change feed by long-polling: `longPoll` asks `feedApi.since(cursor)` again as soon as each
 * answer arrives; the server holds a request until something happens (or 10 s pass and it
 * answers with an empty batch). The cursor only moves on a delivered batch: nothing is lost.
 */
export function mountFeed() {
  const list = $('#feed-list');
  const count = $('#feed-count');
  const statusLine = $('#feed-status');
  let received = 0;

  whileSignedIn(() => {
    status(statusLine, 'Waiting for events (the request is held open by the server)…');
    const poller = longPoll(
      // loading: false: a request held open for seconds must not keep the loading bar up.
      (cursor: string | undefined, signal) =>
        feedApi.since({ query: { cursor, wait: 10 } }, { signal, loading: false }),
      {
        cursor: (batch) => batch.cursor,
        onValue(batch) {
          status(statusLine, `Connected · cursor ${batch.cursor}`, 'ok');
          for (const event of batch.events) {
            received += 1;
            list.prepend(
              h(
                'li',
                { dataset: { id: event.id } },
                h('time', {}, clock(event.at)),
                summary(event),
              ),
            );
          }
          count.textContent = String(received);
          while (list.children.length > SHOWN) list.lastElementChild?.remove();
        },
        onError: (error) => status(statusLine, `${describe(error)} · retrying with backoff`, 'bad'),
      },
    );
    return () => {
      poller.stop();
      status(statusLine, 'Stopped (signed out).');
    };
  });
}

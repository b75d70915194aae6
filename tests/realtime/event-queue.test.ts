import { describe, expect, it } from 'vitest';
import { createEventQueue } from '../../src/realtime/event-queue';

describe('createEventQueue', () => {
  it('hands queued events on in order, then the error that ended it, once', async () => {
    const queue = createEventQueue<number>();
    queue.push(1);
    queue.push(2);
    const failure = new Error('schema');
    queue.end(failure);
    queue.push(3);
    expect(await queue.next()).toEqual({ done: false, value: 1 });
    expect(await queue.next()).toEqual({ done: false, value: 2 });
    await expect(queue.next()).rejects.toBe(failure);
    expect(await queue.next()).toEqual({ done: true, value: undefined });
  });

  it('gives a waiting loop the next event at once, and the end when idle', async () => {
    const queue = createEventQueue<string>();
    const first = queue.next();
    queue.push('a');
    expect(await first).toEqual({ done: false, value: 'a' });
    const second = queue.next();
    queue.end();
    expect(await second).toEqual({ done: true, value: undefined });
  });

  it('drained() waits until the loop has taken every event (backpressure)', async () => {
    const queue = createEventQueue<number>();
    expect(queue.drained()).toBeUndefined();
    queue.push(1);
    queue.push(2);
    let drained = false;
    void queue.drained()?.then(() => {
      drained = true;
    });
    await queue.next();
    await Promise.resolve();
    expect(drained).toBe(false);
    await queue.next();
    await Promise.resolve();
    expect(drained).toBe(true);
  });

  it('clear() drops what is queued, ends a waiting loop quietly and releases the reader', async () => {
    const queue = createEventQueue<number>();
    queue.push(1);
    const wait = queue.drained();
    queue.clear();
    await expect(wait).resolves.toBeUndefined();
    expect(await queue.next()).toEqual({ done: true, value: undefined });
    const idle = createEventQueue<number>();
    const pending = idle.next();
    idle.clear();
    expect(await pending).toEqual({ done: true, value: undefined });
  });
});

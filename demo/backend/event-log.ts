/**
 * An append-only, bounded log of events with increasing numeric ids. The long-poll feed and the
 * SSE ticker both read from one: a client that says "after id N" gets exactly what it missed.
 */
export class EventLog<T> {
  private readonly items: Array<{ id: number; value: T }> = [];
  private readonly listeners = new Set<() => void>();
  private nextId = 1;

  constructor(private readonly capacity = 500) {}

  /** The id of the newest event, 0 when empty. */
  get lastId(): number {
    return this.nextId - 1;
  }

  append(make: (id: number) => T): { id: number; value: T } {
    const entry = { id: this.nextId++, value: make(this.nextId - 1) };
    this.items.push(entry);
    if (this.items.length > this.capacity) this.items.shift();
    for (const listener of [...this.listeners]) listener();
    return entry;
  }

  /** Events with an id greater than `id`, oldest first, at most `limit`. */
  after(id: number, limit = 100): Array<{ id: number; value: T }> {
    return this.items.filter((item) => item.id > id).slice(0, limit);
  }

  /** Call `listener` after each append; returns the unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

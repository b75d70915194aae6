/**
 * Just enough of XMLHttpRequest for axios's xhr adapter, driven by the test: `push` makes the
 * response grow at readyState 3 (firing `progress`, as browsers do), `finish` completes it.
 */
export class FakeXhr {
  static instances: FakeXhr[] = [];
  readyState = 0;
  status = 0;
  statusText = '';
  responseText = '';
  responseType = '';
  responseURL = '';
  timeout = 0;
  withCredentials = false;
  method = '';
  url = '';
  body: unknown;
  aborted = false;
  requestHeaders: Record<string, string> = {};
  onloadend: ((event?: unknown) => void) | null = null;
  onabort: (() => void) | null = null;
  onerror: ((event?: unknown) => void) | null = null;
  ontimeout: (() => void) | null = null;
  private listeners = new Map<string, Set<(event: unknown) => void>>();

  constructor() {
    FakeXhr.instances.push(this);
  }

  get response(): string {
    return this.responseText;
  }

  open(method: string, url: string): void {
    this.method = method;
    this.url = url;
    this.readyState = 1;
  }

  setRequestHeader(name: string, value: string): void {
    this.requestHeaders[name.toLowerCase()] = value;
  }

  getAllResponseHeaders(): string {
    return 'content-type: text/plain\r\n';
  }

  send(body: unknown): void {
    this.body = body;
  }

  abort(): void {
    this.aborted = true;
  }

  addEventListener(type: string, listener: (event: unknown) => void): void {
    const set = this.listeners.get(type) ?? new Set();
    set.add(listener);
    this.listeners.set(type, set);
  }

  removeEventListener(type: string, listener: (event: unknown) => void): void {
    this.listeners.get(type)?.delete(listener);
  }

  listenerCount(type: string): number {
    return this.listeners.get(type)?.size ?? 0;
  }

  /** The server sent `text`: readyState 3 and a progress event. */
  push(text: string, status = 200): void {
    this.status = status;
    this.statusText = 'OK';
    this.readyState = 3;
    this.responseText += text;
    const event = {
      type: 'progress',
      loaded: this.responseText.length,
      total: 0,
      lengthComputable: false,
      target: this,
    };
    for (const listener of [...(this.listeners.get('progress') ?? [])]) listener(event);
  }

  /** The response is complete. */
  finish(status = 200, text = ''): void {
    this.status = status;
    this.statusText = status === 200 ? 'OK' : 'Error';
    this.responseText += text;
    this.readyState = 4;
    this.onloadend?.({ type: 'loadend', target: this });
  }
}

// The kit as a page loads it, for the unparseable-URL check (bundled by tests/e2e/bad-urls.test.ts).
import { defineDownload } from '../../../src/api/download';
import { defineStream } from '../../../src/realtime/define-stream';
import { openEventStream } from '../../../src/realtime/sse';
import { streamText } from '../../../src/realtime/stream-text';
import { createHttp } from '../../../src/request/create-http';

(globalThis as { kit?: unknown }).kit = {
  createHttp,
  streamText,
  openEventStream,
  defineStream,
  defineDownload,
};

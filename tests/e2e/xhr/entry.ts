// The kit as a page loads it, for the XHR transport check (bundled by tests/e2e/xhr-urls.test.ts).
import { streamText } from '../../../src/realtime/stream-text';
import { createHttp } from '../../../src/request/create-http';

(globalThis as { kit?: unknown }).kit = { createHttp, streamText };

// The kit as a page loads it, for the XHR transport check (bundled by tests/e2e/xhr-urls.test.ts).
import { createHttp } from '../../../src/request/create-http';

(globalThis as { kit?: unknown }).kit = { createHttp };

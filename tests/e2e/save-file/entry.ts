// The kit's downloads as a page loads them, for the saveFile check (bundled by tests/e2e/save-file.test.ts).
import { defineDownload, saveFile } from '../../../src/api/download';
import { createHttp } from '../../../src/request/create-http';

(globalThis as { kit?: unknown }).kit = { createHttp, defineDownload, saveFile };

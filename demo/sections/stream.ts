import { streamText } from '../../src/realtime';
import { $, describe, isCancel, status } from '../dom';

/**
 * Chunked HTTP: `streamText` hands each piece of the body to `onChunk` while the server is still
 * writing (the XHR readyState 3 technique), and resolves with the whole text at the end.
 */
export function mountStream() {
  const output = $('#stream-output');
  const chunks = $('#stream-chunks');
  const statusLine = $('#stream-status');
  const start = $<HTMLButtonElement>('#stream-start');
  const stop = $<HTMLButtonElement>('#stream-stop');
  let controller: AbortController | undefined;

  start.addEventListener('click', async () => {
    controller = new AbortController();
    start.disabled = true;
    stop.disabled = false;
    output.textContent = '';
    let n = 0;
    status(statusLine, 'Streaming…');
    try {
      const text = await streamText(
        { url: '/stream' },
        {
          signal: controller.signal,
          onChunk(piece) {
            n += 1;
            output.textContent += piece;
            chunks.textContent = String(n);
          },
        },
      );
      status(statusLine, `Done: ${text.length} characters in ${n} chunks.`, 'ok');
    } catch (error) {
      status(
        statusLine,
        isCancel(error) ? 'Stopped.' : describe(error),
        isCancel(error) ? '' : 'bad',
      );
    } finally {
      start.disabled = false;
      stop.disabled = true;
    }
  });
  stop.addEventListener('click', () => controller?.abort());
}

import { type AxiosResponse, isAxiosError } from 'axios';

/** Whether a body arrived as bytes (`responseType: 'blob'` or `'arraybuffer'`), not as JSON or text. */
export function isBinaryBody(data: unknown): data is Blob | ArrayBuffer | ArrayBufferView {
  return (
    (typeof Blob !== 'undefined' && data instanceof Blob) ||
    data instanceof ArrayBuffer ||
    ArrayBuffer.isView(data)
  );
}

/** Whether a response says its body is JSON (`application/json`, `application/problem+json`, …). */
export function isJsonResponse(response: AxiosResponse): boolean {
  const type = String(response.headers?.['content-type'] ?? '').toLowerCase();
  return /^application\/([\w.+-]*\+)?json\b/.test(type);
}

/**
 * A body that arrived as bytes, read back: parsed JSON when it is JSON, else its text. A download's
 * error page is read this way, so its `ApiError` carries what the server said.
 * @example await decodeBinaryBody(blob) // { message: 'Export is not allowed' }
 */
export async function decodeBinaryBody(
  data: Blob | ArrayBuffer | ArrayBufferView,
): Promise<unknown> {
  const text =
    typeof Blob !== 'undefined' && data instanceof Blob
      ? await data.text()
      : new TextDecoder().decode(data as ArrayBuffer | ArrayBufferView);
  try {
    return JSON.parse(text);
  } catch {
    // Not JSON: the text is what the server said.
    return text;
  }
}

/**
 * Before a failed binary request is classified: the error response's bytes are read back
 * (JSON or text) in place, so the `ApiError` gets the body and the server's own message exactly as
 * a JSON request's would. Anything else is left as it is.
 */
export async function readBinaryErrorBody(error: unknown): Promise<void> {
  if (!isAxiosError(error) || !error.response || !isBinaryBody(error.response.data)) return;
  error.response.data = await decodeBinaryBody(error.response.data);
}

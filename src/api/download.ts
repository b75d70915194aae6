import type { AxiosProgressEvent, AxiosRequestConfig } from 'axios';
import type * as z from 'zod';
import { http as defaultHttp, type Http } from '../request';
import type { EndpointInput, HttpMethod } from './define-endpoint';
import { compileInput, type RawInput } from './endpoint-input';
import { filenameFromDisposition } from './filename';

/** What `defineDownload` takes: the route, the input schemas, and where to send it. */
export interface DownloadConfig {
  /** HTTP method. @default 'GET' */
  method?: HttpMethod;
  /** Path under the instance's baseURL; `:name` segments are filled from `params`. */
  path: string;
  /** Schema of the `:name` path params; required when the path has any. */
  params?: z.ZodType;
  /** Schema of the query string. */
  query?: z.ZodType;
  /** Schema of the request body (an export's filters, sent as JSON). */
  body?: z.ZodType;
  /** Instance to send with. @default the default `http`, read at call time */
  http?: Http;
  /** Per-request options always applied to this download, over the caller's. */
  config?: AxiosRequestConfig;
}

/** How far a download is: bytes received, and the total when the server said it. */
export interface DownloadProgress {
  loaded: number;
  total?: number;
}

/** The config of one download call: axios's, plus `onProgress`. */
export type DownloadCallConfig = AxiosRequestConfig & {
  /** Called as bytes arrive. */
  onProgress?(progress: DownloadProgress): void;
};

/** A file the server sent: its bytes, the name from `Content-Disposition`, its type and size. */
export interface DownloadedFile {
  blob: Blob;
  /** From `Content-Disposition` (RFC 6266/5987), path parts stripped; `undefined` without one. */
  filename: string | undefined;
  /** The response's `Content-Type` (`''` without one). */
  type: string;
  size: number;
}

/** A typed download: call it with its input, get the file (never an error page as a file). */
export type Download<In> = (Partial<In> extends In
  ? (input?: In, config?: DownloadCallConfig) => Promise<DownloadedFile>
  : (input: In, config?: DownloadCallConfig) => Promise<DownloadedFile>) & {
  readonly definition: Readonly<DownloadConfig>;
};

// In a browser XHR hands over a Blob directly; Node's http adapter has no Blob response type.
const RESPONSE_TYPE = typeof XMLHttpRequest === 'undefined' ? 'arraybuffer' : 'blob';

/**
 * Define a typed download (an export, an attachment). Input is parsed before anything is sent, as
 * for `defineEndpoint`. A non-2xx answer, or a 2xx JSON envelope whose code is not ok, rejects
 * with the same `ApiError` a JSON endpoint would give (its body read back from the bytes, the
 * server's message included): the error page is never resolved as a file. Cross-origin, the API
 * must expose the header: `Access-Control-Expose-Headers: Content-Disposition`.
 *
 * @example
 * const exportUsers = defineDownload({ path: '/users/export', query: z.object({ month: z.string() }) });
 * const file = await exportUsers({ query: { month: '2026-12' } }, { onProgress: ({ loaded, total }) => … });
 * saveFile(file, 'users.csv');
 */
export function defineDownload<const D extends DownloadConfig>(
  definition: D,
): Download<EndpointInput<D>> {
  const input = compileInput({ ...definition, method: definition.method ?? 'GET' });

  const call = async (raw?: RawInput, config?: DownloadCallConfig): Promise<DownloadedFile> => {
    const instance = definition.http ?? defaultHttp;
    const { onProgress, ...rest } = config ?? {};
    const request = await input.build(instance, raw, rest);
    request.responseType = RESPONSE_TYPE;
    if (onProgress) {
      request.onDownloadProgress = (event: AxiosProgressEvent) =>
        onProgress(
          event.total ? { loaded: event.loaded, total: event.total } : { loaded: event.loaded },
        );
    }
    const response = await instance.request(request);
    const type = String(response.headers['content-type'] ?? '');
    const data: unknown = response.data;
    const blob =
      data instanceof Blob ? data : new Blob([data as ArrayBuffer], type ? { type } : undefined);
    return {
      blob,
      filename: filenameFromDisposition(String(response.headers['content-disposition'] ?? '')),
      type,
      size: blob.size,
    };
  };

  Object.defineProperty(call, 'definition', { value: Object.freeze({ ...definition }) });
  return call as unknown as Download<EndpointInput<D>>;
}

/**
 * Save a downloaded file in the browser (an `<a download>` click on an object URL, released
 * afterwards). The name is the file's own, else `fallbackName`, else `'download'`. Outside a
 * browser it does nothing.
 * @example saveFile(await exportUsers({ query }), 'users.csv')
 */
export function saveFile(file: DownloadedFile, fallbackName?: string): void {
  if (typeof document === 'undefined' || typeof URL.createObjectURL !== 'function') return;
  const url = URL.createObjectURL(file.blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = file.filename ?? fallbackName ?? 'download';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Released on a later task: the click starts the download asynchronously.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

import type * as z from 'zod';
import { openEventStream } from '../../../src/realtime';
import type { ApiError, Http } from '../../../src/request';

/**
 * What `openEventStream` reports through `onError` before it ends (`reconnect: false`), in order.
 * @example const [closed] = await sseFailures('/204', http)
 */
export async function sseFailures(
  path: string,
  http: Http,
  schema?: z.ZodType,
): Promise<ApiError[]> {
  const seen: ApiError[] = [];
  const stream = openEventStream(path, {
    http,
    ...(schema ? { schema } : {}),
    onEvent: () => undefined,
    onError: (error) => seen.push(error),
    reconnect: false,
  } as Parameters<typeof openEventStream>[1]);
  await stream.done.catch(() => undefined);
  return seen;
}

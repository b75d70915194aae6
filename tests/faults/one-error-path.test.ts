// Issue 13, "one error path": realtime classifies through src/core's toApiError (no copy of its
// own), and every user callback goes through src/core's guard.
import { AxiosError } from 'axios';
import { describe, expect, it, vi } from 'vitest';
import { callHook, callHookOr, enMessages, toApiError } from '../../src/core';
import { zhCNMessages } from '../../src/core/messages-zh-CN';

const at = { method: 'GET', url: 'http://127.0.0.1:1/events', messages: enMessages };

describe('the one classifier', () => {
  it('a body that broke off mid-stream is a dropped connection in a stream, a bad call elsewhere', () => {
    const broke = new TypeError('terminated');
    expect(toApiError(broke, { ...at, streamed: true })).toMatchObject({
      kind: 'network',
      cause: broke,
    });
    expect(toApiError(broke, at).kind).toBe('validation');
  });

  it("a platform AbortError is a cancel, in the instance's language", () => {
    const abort = new DOMException('The operation was aborted.', 'AbortError');
    expect(toApiError(abort, { ...at, messages: zhCNMessages, streamed: true })).toMatchObject({
      kind: 'canceled',
      message: zhCNMessages.canceled,
    });
  });

  it('a URL the standard refuses: an answer from it is still an answer, no answer is kind url', () => {
    const url = 'http://exa mple.test/x';
    const answered = new AxiosError('bad', 'ERR_BAD_REQUEST', undefined, undefined, {
      status: 404,
      statusText: 'Not Found',
      headers: {},
      data: null,
      config: { headers: {} as never },
    });
    expect(toApiError(answered, { ...at, url })).toMatchObject({ kind: 'http', status: 404 });
    const unanswered = new AxiosError('Network Error', 'ERR_NETWORK');
    expect(toApiError(unanswered, { ...at, url })).toMatchObject({
      kind: 'validation',
      part: 'url',
      message: enMessages.url,
    });
  });

  it("an error status of a stream request takes the table's message", () => {
    const error = new AxiosError('bad', 'ERR_BAD_REQUEST', undefined, undefined, {
      status: 404,
      statusText: 'Not Found',
      headers: {},
      data: null,
      config: { headers: {} as never },
    });
    expect(toApiError(error, { ...at, messages: zhCNMessages, streamed: true })).toMatchObject({
      kind: 'http',
      status: 404,
      message: zhCNMessages[404],
    });
  });
});

describe('the one guard', () => {
  it('callHookOr hands a throw to onThrow and keeps going; callHook skips a missing hook', () => {
    const onThrow = vi.fn();
    const boom = new Error('render failed');
    callHookOr(onThrow, () => {
      throw boom;
    });
    expect(onThrow).toHaveBeenCalledWith(boom);
    expect(() => callHook(undefined, 1)).not.toThrow();
  });
});

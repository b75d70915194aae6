// copyError remakes an ApiError from its own fields: every field must come across (it spreads the
// error, so a field moved off the instance, e.g. into a getter, would be lost without this test).
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/core';
import { copyError } from '../../src/realtime/errors';

describe('copyError', () => {
  it('keeps every field of the error and takes the changes', () => {
    const cause = new Error('socket hang up');
    const error = new ApiError({
      kind: 'business',
      message: 'Quota exceeded',
      fallbackMessage: 'Request failed',
      status: 429,
      code: 4031,
      method: 'post',
      url: '/chat',
      response: { status: 429, statusText: 'Too Many Requests', headers: {}, data: { code: 4031 } },
      issues: [],
      part: 'response',
      endpoint: 'POST /chat',
      detail: 'what failed',
      cause,
    });
    const copy = copyError(error, { detail: 'changed' });
    expect(copy).toBeInstanceOf(ApiError);
    expect(copy).not.toBe(error);
    expect({ ...copy.toJSON(), detail: 'what failed' }).toEqual(error.toJSON());
    expect(copy.detail).toBe('changed');
    expect(copy.cause).toBe(cause);
    expect(copy.message).toBe('Quota exceeded');
    expect(copy.fallbackMessage).toBe('Request failed');
  });
});

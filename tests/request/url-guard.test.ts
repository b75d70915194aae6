import { HttpResponse, http as rest } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { createHttp } from '../../src/request';
import { fullPath, schemeOf } from '../../src/request/url';
import { server } from '../setup/msw';

const API = 'https://api.test';

describe('URL guard', () => {
  it.each([
    ['data URL', { url: 'data:text/plain;base64,SGVsbG8=' }],
    ['data URL with a base', { url: 'data:application/json,{}', baseURL: API }],
    ['file URL', { url: 'file:///etc/passwd' }],
    ['javascript URL', { url: 'javascript:alert(1)' }],
    ['upper-case scheme with leading blanks', { url: ' \tJaVaScRiPt:alert(1)' }],
    ['per-request file baseURL', { url: 'passwd', baseURL: 'file:///etc' }],
    ['ftp', { url: 'ftp://files.test/x' }],
  ])('refuses a %s with kind validation before sending', async (_, config) => {
    const adapter = vi.fn();
    const http = createHttp();
    await expect(http.request({ ...config, adapter })).rejects.toMatchObject({
      kind: 'validation',
      part: 'url',
    });
    expect(adapter).not.toHaveBeenCalled();
    expect(http.pending).toBe(0);
  });

  it('keeps no more than the head of a huge data: URL on the error', async () => {
    const http = createHttp();
    const url = `data:text/plain,${'a'.repeat(1_000_000)}`;
    const error = await http.get(url).then(
      () => ({ url: '', message: 'resolved' }),
      (e: { url: string; message: string }) => e,
    );
    expect(error.url.length).toBeGreaterThan(0);
    expect(error.url.length).toBeLessThanOrEqual(200);
    expect(error.message.length).toBeLessThan(100);
  });

  it('lets http(s), relative and protocol-relative URLs through', async () => {
    server.use(rest.get(`${API}/ok`, () => HttpResponse.json({ ok: true })));
    const http = createHttp({ baseURL: API });
    expect((await http.get('/ok')).data).toEqual({ ok: true });
    expect((await http.get(`${API}/ok`)).data).toEqual({ ok: true });
  });

  it('follows axios buildFullPath', () => {
    expect(fullPath('https://a.test/v1/', '/users', true)).toBe('https://a.test/v1/users');
    expect(fullPath('https://a.test', 'https://b.test/x', true)).toBe('https://b.test/x');
    expect(fullPath('https://a.test', 'https://b.test/x', false)).toBe(
      'https://a.test/https://b.test/x',
    );
    expect(fullPath('https://a.test', '//b.test/x', true)).toBe('//b.test/x');
    expect(fullPath(undefined, 'x', true)).toBe('x');
    expect(fullPath('https://a.test', '', true)).toBe('https://a.test');
    expect(schemeOf('HTTPS://x')).toBe('https');
    expect(schemeOf('/users/a:b')).toBeUndefined();
  });
});

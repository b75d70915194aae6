import { HttpResponse, http as mswHttp } from 'msw';
import { describe, expect, it } from 'vitest';
import { createHttp, http } from '../../src/request';
import { API_BASE, okBody } from '../mocks/shared';
import { server } from '../setup/msw';

// The generated mocks answer a success through okBody: once the app's composition root sets the
// envelope gen:openapi asks for, their answers must come in it, or every generated test fails.
describe('okBody', () => {
  it('leaves the body as it is for an instance without an envelope (the default here)', () => {
    expect(okBody({ id: 'u1' })).toEqual({ id: 'u1' });
    expect(okBody([1, 2], http)).toEqual([1, 2]);
  });

  it.each([
    [{ message: 'msg' }, { code: 0, data: { id: 'u1' }, msg: 'ok' }],
    [
      { code: 'status', data: 'result', isOk: (code: unknown) => code === 200 },
      { status: 200, result: { id: 'u1' }, message: 'ok' },
    ],
    [
      { isOk: (code: unknown) => code === '0000' },
      { code: '0000', data: { id: 'u1' }, message: 'ok' },
    ],
  ])('wraps it in the envelope %o as the instance unwraps it', async (envelope, wrapped) => {
    const instance = createHttp({ baseURL: API_BASE, envelope, loading: false });
    expect(okBody({ id: 'u1' }, instance)).toEqual(wrapped);
    server.use(
      mswHttp.get(`${API_BASE}/ok-body`, () => HttpResponse.json(okBody({ id: 'u1' }, instance))),
    );
    await expect(instance.get('/ok-body')).resolves.toMatchObject({ data: { id: 'u1' } });
  });

  it('says where to add the ok code when isOk accepts none it tries', () => {
    const instance = createHttp({
      baseURL: API_BASE,
      envelope: { isOk: (code) => code === 'yes' },
    });
    expect(() => okBody({}, instance)).toThrow(/OK_CODES in tests\/mocks\/shared\.ts/);
  });
});

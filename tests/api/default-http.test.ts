import { describe, expect, it } from 'vitest';
import { http } from '../../src/request';
import { API_BASE } from '../mocks/shared';

describe('the default http', () => {
  // vitest.config.ts gives the unit project VITE_API_BASE_URL; the default instance must read it
  // through `import.meta.env` (a cast like `(import.meta as X).env` is not rewritten by vitest).
  it('takes its baseURL from VITE_API_BASE_URL', () => {
    expect(import.meta.env.VITE_API_BASE_URL).toBe(API_BASE);
    expect(http.defaults.baseURL).toBe(API_BASE);
  });
});

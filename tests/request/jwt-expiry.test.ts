import { describe, expect, it } from 'vitest';
import { jwtExpiry } from '../../src/request/jwt-expiry';

const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (claims: unknown) =>
  `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJl`;

describe('jwtExpiry', () => {
  it('reads exp (seconds) as ms since the epoch', () => {
    expect(jwtExpiry(jwt({ sub: 'u1', exp: 1_767_603_600 }))).toBe(1_767_603_600_000);
    // A fractional exp is allowed by RFC 7519 (a NumericDate).
    expect(jwtExpiry(jwt({ exp: 1.5 }))).toBe(1_500);
  });

  it('decodes payloads whose base64url needs padding and holds non-ASCII text', () => {
    for (const name of ['a', 'ab', 'abc', 'Zoë 张伟 🙂']) {
      expect(jwtExpiry(jwt({ name, exp: 2_000_000_000 }))).toBe(2_000_000_000_000);
    }
  });

  it('accepts an unsecured JWT (empty signature part)', () => {
    expect(jwtExpiry(`${part({ alg: 'none' })}.${part({ exp: 100 })}.`)).toBe(100_000);
  });

  it('gives undefined for opaque tokens and tokens that only look like JWTs', () => {
    for (const token of [
      '',
      'at_4f9a0c',
      'a.b',
      'a.b.c.d',
      `${part({})}.!!!.sig`,
      `${part({})}.${Buffer.from('not json').toString('base64url')}.sig`,
      // 4n + 1 characters is no base64 at all.
      `${part({})}.abcde.sig`,
    ]) {
      expect(jwtExpiry(token)).toBeUndefined();
    }
  });

  it('gives undefined when exp is missing, not a positive finite number, or inherited', () => {
    for (const claims of [
      {},
      { exp: '1767603600' },
      { exp: null },
      { exp: 0 },
      { exp: -5 },
      { exp: 1e308 },
      [1767603600],
      'exp',
      42,
    ]) {
      expect(jwtExpiry(jwt(claims))).toBeUndefined();
    }
    expect(jwtExpiry(jwt(JSON.parse('{"__proto__": {"exp": 100}}')))).toBeUndefined();
  });
});

import { createHmac, randomBytes } from 'node:crypto';

/** A token pair as login and refresh answer it (`tokensSchema` of src/api/auth.ts). */
export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  /** Lifetime of the access token in seconds. */
  expiresIn: number;
}

/** Why a refresh token was refused. */
export type RefreshRefusal = 'unknown' | 'reused';

interface Family {
  userId: string;
  /** The one refresh token of the family that may still be used. */
  current: string;
  revoked: boolean;
}

interface AccessEntry {
  family: Family;
  expiresAt: number;
}

const base64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

/**
 * The demo's sign-in sessions, as the common auth servers keep them (Keycloak's "revoke refresh
 * token", Auth0's rotation with reuse detection): each login starts a family; every refresh
 * rotates its refresh token, and a refresh token used a second time revokes the whole family
 * (its access tokens too), because the server cannot tell the user from a thief. Access tokens are
 * JWTs (HS256, with `sub` and `exp` in seconds), so a client can see when they expire.
 */
export class Sessions {
  private readonly secret = randomBytes(32);
  private readonly access = new Map<string, AccessEntry>();
  /** Every refresh token ever issued, current or already used, to its family. */
  private readonly refresh = new Map<string, Family>();
  private refreshCalls = 0;
  private reuses = 0;

  constructor(private readonly ttlMs: number) {}

  /** Start a new family for `userId` (a sign-in). */
  signIn(userId: string): IssuedTokens {
    const family: Family = { userId, current: '', revoked: false };
    return this.issue(family);
  }

  /**
   * Rotate `refreshToken`: a new pair for its family, or why not. A token already used revokes
   * the family: every tab still holding one of its tokens is signed out.
   */
  rotate(refreshToken: string): IssuedTokens | RefreshRefusal {
    this.refreshCalls += 1;
    const family = this.refresh.get(refreshToken);
    if (!family || family.revoked) return 'unknown';
    if (family.current !== refreshToken) {
      this.reuses += 1;
      family.revoked = true;
      return 'reused';
    }
    return this.issue(family);
  }

  /** The user of a valid access token, or why it is not. */
  verify(accessToken: string): { userId: string } | 'unknown' | 'expired' | 'revoked' {
    const entry = this.access.get(accessToken);
    if (!entry) return 'unknown';
    if (entry.family.revoked) return 'revoked';
    if (entry.expiresAt <= Date.now()) return 'expired';
    return { userId: entry.family.userId };
  }

  /** Expire an access token now (the page's "expire my token" button). */
  expire(accessToken: string) {
    const entry = this.access.get(accessToken);
    if (entry) entry.expiresAt = 0;
  }

  /** Counters for the page and the tests: refresh calls, and refresh tokens caught reused. */
  stats(): { refreshCalls: number; reuses: number } {
    return { refreshCalls: this.refreshCalls, reuses: this.reuses };
  }

  private issue(family: Family): IssuedTokens {
    const expiresAt = Date.now() + this.ttlMs;
    // `exp` is rounded down, so a client that trusts it never thinks the token lives longer.
    const accessToken = this.sign({
      sub: family.userId,
      exp: Math.floor(expiresAt / 1000),
      jti: randomBytes(9).toString('hex'),
    });
    this.access.set(accessToken, { family, expiresAt });
    const refreshToken = `rt_${randomBytes(16).toString('hex')}`;
    family.current = refreshToken;
    this.refresh.set(refreshToken, family);
    return { accessToken, refreshToken, expiresIn: Math.max(1, Math.round(this.ttlMs / 1000)) };
  }

  private sign(claims: Record<string, unknown>): string {
    const head = `${base64url('{"alg":"HS256","typ":"JWT"}')}.${base64url(JSON.stringify(claims))}`;
    return `${head}.${createHmac('sha256', this.secret).update(head).digest('base64url')}`;
  }
}

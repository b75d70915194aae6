import type { FeedEventJson, JobKind, UserJson } from '../../src/api';
import { EventLog } from './event-log';
import { type Ctx, HttpFailure } from './respond';
import { Sessions } from './sessions';

/** Knobs of the demo backend; tests shorten the times. */
export interface DemoOptions {
  /** Lifetime of an access token. @default 20000 */
  tokenTtlMs?: number;
  /** Time from queued to done for a job. @default 4000 */
  jobDurationMs?: number;
  /** A new feed event every … ms. @default 1500 */
  feedIntervalMs?: number;
  /** A new SSE tick every … ms. @default 1000 */
  tickIntervalMs?: number;
  /** How long a long-poll request is held open when there is nothing new. @default 10000 */
  longPollTimeoutMs?: number;
  /** The SSE stream is ended by the server after … ms, so the page shows a resume by Last-Event-ID. @default 15000 */
  sseDropAfterMs?: number;
  /** How long the slow endpoint takes. @default 2000 */
  slowMs?: number;
  /** How long `POST /auth/refresh` takes, as a real auth server does (tests widen the race). @default 0 */
  refreshDelayMs?: number;
}

export type ResolvedOptions = Required<DemoOptions>;

export function resolveOptions(options: DemoOptions): ResolvedOptions {
  return {
    tokenTtlMs: options.tokenTtlMs ?? 20_000,
    jobDurationMs: options.jobDurationMs ?? 4_000,
    feedIntervalMs: options.feedIntervalMs ?? 1_500,
    tickIntervalMs: options.tickIntervalMs ?? 1_000,
    longPollTimeoutMs: options.longPollTimeoutMs ?? 10_000,
    sseDropAfterMs: options.sseDropAfterMs ?? 15_000,
    slowMs: options.slowMs ?? 2_000,
    refreshDelayMs: options.refreshDelayMs ?? 0,
  };
}

export interface JobRecord {
  id: string;
  kind: JobKind;
  createdAt: number;
  /** `options.fail === true` when started: the job fails halfway, to show the `failed` state. */
  fail: boolean;
}

/** A feed event without its id (the log gives it one). */
export type FeedItem = Omit<FeedEventJson, 'id'>;

export interface Tick {
  symbol: string;
  price: number;
  at: string;
}

const FIRST = ['Ada', 'Linus', 'Grace', 'Alan', 'Barbara', 'Ken', 'Margaret', 'Dennis', 'Frances'];
const LAST = ['Lovelace', 'Torvalds', 'Hopper', 'Turing', 'Liskov', 'Thompson', 'Hamilton'];
const STATUSES = ['online', 'away', 'in a meeting', 'offline'];

/** Everything the demo backend keeps, in memory. */
export class DemoState {
  readonly options: ResolvedOptions;
  readonly users = new Map<string, UserJson>();
  readonly jobs = new Map<string, JobRecord>();
  readonly feed = new EventLog<FeedItem>();
  readonly ticks = new EventLog<Tick>();
  /** Sign-in sessions: JWT access tokens, rotating refresh tokens with reuse detection. */
  readonly sessions: Sessions;
  private readonly timers: Array<ReturnType<typeof setInterval>> = [];
  private nextUserId = 1;
  private price = 100;

  constructor(options: DemoOptions = {}) {
    this.options = resolveOptions(options);
    this.sessions = new Sessions(this.options.tokenTtlMs);
    const start = Date.parse('2026-01-05T09:00:00Z');
    for (let i = 0; i < 23; i++) {
      const first = FIRST[i % FIRST.length] as string;
      const last = LAST[(i * 3) % LAST.length] as string;
      this.addUser({
        name: `${first} ${last}`,
        email: `${first}.${last}${i}@example.com`.toLowerCase(),
        role: i === 0 ? 'admin' : i % 4 === 0 ? 'viewer' : 'member',
        createdAt: new Date(start + i * 86_400_000).toISOString(),
      });
    }
    // A few events exist already, so a page that connects late still sees history.
    for (let i = 0; i < 3; i++) this.pushFeed();
    this.timers.push(setInterval(() => this.pushFeed(), this.options.feedIntervalMs));
    this.timers.push(setInterval(() => this.pushTick(), this.options.tickIntervalMs));
  }

  addUser(user: Omit<UserJson, 'id'>): UserJson {
    const record = { id: `usr_${this.nextUserId++}`, ...user };
    this.users.set(record.id, record);
    return record;
  }

  /** Record a change for the long-poll feed. */
  publish(type: FeedItem['type'], data: Record<string, unknown>) {
    this.feed.append(() => ({ type, at: new Date().toISOString(), data }));
  }

  // Other people's activity, so the feed moves even when the page does nothing.
  private pushFeed() {
    const users = [...this.users.values()];
    const user = users[this.feed.lastId % Math.max(1, users.length)];
    if (!user) return;
    const status = STATUSES[this.feed.lastId % STATUSES.length] as string;
    this.publish('user.updated', { id: user.id, name: user.name, status });
  }

  private pushTick() {
    // A bounded random walk: it looks like a price and never goes negative.
    this.price = Math.max(1, Math.round((this.price + (Math.random() - 0.5) * 4) * 100) / 100);
    this.ticks.append(() => ({ symbol: 'KIT', price: this.price, at: new Date().toISOString() }));
  }

  /** Expire an access token now (the page's "expire my token" button). */
  expire(token: string) {
    this.sessions.expire(token);
  }

  /** The bearer token of a request, if any. */
  bearer(ctx: Ctx): string | undefined {
    const header = ctx.req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    return match?.[1];
  }

  /** The signed-in user of a request, or a 401 that tells the kit to refresh. */
  requireUser(ctx: Ctx): string {
    const token = this.bearer(ctx);
    if (!token) throw new HttpFailure(401, 'Sign in first: no access token was sent');
    const verdict = this.sessions.verify(token);
    if (verdict === 'unknown') throw new HttpFailure(401, 'Unknown access token');
    if (verdict === 'expired') throw new HttpFailure(401, 'Access token expired');
    if (verdict === 'revoked') {
      throw new HttpFailure(401, 'Session revoked: its refresh token was used twice');
    }
    return verdict.userId;
  }

  stop() {
    for (const timer of this.timers) clearInterval(timer);
  }
}

import * as z from 'zod';
import { defineEndpoint } from './define-endpoint';
import { idSchema, isoDate } from './schemas';

// Each definition is wrapped in `/* @__PURE__ */ (() => …)()`: zod and defineEndpoint calls are
// side effects to a bundler unless marked, so that a page keeps only the ones it uses even in an
// app whose package.json does not say `"sideEffects": false` (the kit is copied source).

/** Where a job is: `queued` → `running` → `done` or `failed`. */
export const jobStateSchema = /* @__PURE__ */ (() =>
  z.enum(['queued', 'running', 'done', 'failed']))();
/** Where a job is. */
export type JobState = z.output<typeof jobStateSchema>;

/** What a job does. */
export const jobKindSchema = /* @__PURE__ */ (() => z.enum(['export', 'import', 'report']))();
/** What a job does. */
export type JobKind = z.output<typeof jobKindSchema>;

/** What a finished job produced: a file to download. */
export const jobResultSchema = /* @__PURE__ */ (() =>
  z.object({
    /** Where to download the result (absolute, or relative to the API). */
    url: z.string().min(1),
    /** Rows processed. */
    rows: z.number().int().nonnegative(),
  }))();
/** What a finished job produced. */
export type JobResult = z.output<typeof jobResultSchema>;

const jobBase = /* @__PURE__ */ (() => ({
  id: idSchema,
  kind: jobKindSchema,
  /** Percent done, 0 to 100. */
  progress: z.number().min(0).max(100),
  createdAt: isoDate,
  updatedAt: isoDate,
}))();

/**
 * A background job. A union on `state`, so `result` exists exactly when it is `'done'` and
 * `error` exactly when it is `'failed'`: narrowing on `job.state` gives the right fields.
 */
export const jobSchema = /* @__PURE__ */ (() =>
  z.discriminatedUnion('state', [
    z.object({ ...jobBase, state: z.enum(['queued', 'running']) }),
    z.object({ ...jobBase, state: z.literal('done'), result: jobResultSchema }),
    z.object({ ...jobBase, state: z.literal('failed'), error: z.string().min(1) }),
  ]))();
/** A background job. */
export type Job = z.output<typeof jobSchema>;
/** A job as JSON on the wire. */
export type JobJson = z.input<typeof jobSchema>;

/** Body of `jobApi.start`. */
export const startJobBodySchema = /* @__PURE__ */ (() =>
  z.object({
    kind: jobKindSchema,
    /** Job-specific options (filters of an export, …). @default {} */
    options: z.record(z.string(), z.unknown()).default({}),
  }))();
/** Body of `jobApi.start`, as the caller writes it. */
export type StartJobBody = z.input<typeof startJobBodySchema>;

/** Path params of `jobApi.status`. */
export const jobParamsSchema = /* @__PURE__ */ (() => z.object({ id: idSchema }))();

/**
 * True once a job will not change any more: what `pollUntil`'s `until` checks.
 * @example await pollUntil(({ signal }) => jobApi.status({ params: { id } }, { signal }), { until: isJobSettled })
 */
export function isJobSettled(job: Job): boolean {
  return job.state === 'done' || job.state === 'failed';
}

/** Background jobs: start one, then poll its status. */
export const jobApi = /* @__PURE__ */ (() => ({
  /**
   * Start a job; resolves with it, usually `queued`.
   * @example const job = await jobApi.start({ body: { kind: 'export' } });
   */
  start: defineEndpoint({
    method: 'POST',
    path: '/jobs',
    body: startJobBodySchema,
    response: jobSchema,
  }),
  /**
   * The job's current state and progress.
   * @example
   * const done = await pollUntil(({ signal }) => jobApi.status({ params: { id } }, { signal }), {
   *   until: isJobSettled, interval: 1000, timeout: 60_000,
   * });
   */
  status: defineEndpoint({
    method: 'GET',
    path: '/jobs/:id',
    params: jobParamsSchema,
    response: jobSchema,
  }),
}))();

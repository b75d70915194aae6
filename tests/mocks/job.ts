import { type HttpHandler, HttpResponse } from 'msw';
import { type JobJson, jobApi } from '../../src/api';
import { API_BASE, errorJson, jsonBody, route, validate } from './shared';

/** The in-memory jobs behind the job mocks. */
export interface JobDb {
  jobs: Map<string, JobJson>;
  /** Jobs started with `options: { fail: true }`: they end `failed`. */
  failing: Set<string>;
  /** Progress added by each status read. @default 50 */
  step: number;
  seq: number;
}

/** No jobs yet; each status read advances a job by `step` percent. */
export function createJobDb(step = 50): JobDb {
  return { jobs: new Map(), failing: new Set(), step, seq: 0 };
}

// Deterministic progress: every read moves a job one step, so a poll test knows how many
// requests reach `done` (100 / step + 1 reads) without any clock.
function advance(db: JobDb, job: JobJson): JobJson {
  if (job.state === 'done' || job.state === 'failed') return job;
  const progress = Math.min(100, job.progress + db.step);
  const updatedAt = new Date().toISOString();
  const base = { id: job.id, kind: job.kind, createdAt: job.createdAt, updatedAt };
  if (job.state === 'queued') return { ...base, state: 'running', progress: 0 };
  if (progress < 100) return { ...base, state: 'running', progress };
  return db.failing.has(job.id)
    ? { ...base, state: 'failed', progress, error: 'The export source is not reachable' }
    : { ...base, state: 'done', progress, result: { url: `/files/${job.id}.csv`, rows: 1280 } };
}

/** msw handlers for `jobApi`: start creates a queued job, each status read advances it. */
export function jobHandlers(db: JobDb = createJobDb(), base: string = API_BASE): HttpHandler[] {
  return [
    route(
      jobApi.start,
      async ({ request }) => {
        const b = validate(jobApi.start.definition.body, await jsonBody(request));
        if (!b.ok) return b.response;
        db.seq += 1;
        const now = new Date().toISOString();
        const job: JobJson = {
          id: `job_${db.seq}`,
          kind: b.data.kind,
          state: 'queued',
          progress: 0,
          createdAt: now,
          updatedAt: now,
        };
        if (b.data.options.fail === true) db.failing.add(job.id);
        db.jobs.set(job.id, job);
        return HttpResponse.json(job, { status: 202 });
      },
      base,
    ),
    route(
      jobApi.status,
      ({ params }) => {
        const job = db.jobs.get(String(params.id));
        if (!job) return errorJson(404, 'Job not found');
        const next = advance(db, job);
        db.jobs.set(next.id, next);
        return HttpResponse.json(next);
      },
      base,
    ),
  ];
}

import { beforeEach, describe, expect, it } from 'vitest';
import { isJobSettled, type Job, jobApi } from '../../src/api';
import { createJobDb, type JobDb, jobHandlers } from '../mocks';
import { server } from '../setup/msw';

let db: JobDb;
beforeEach(() => {
  db = createJobDb(50);
  server.use(...jobHandlers(db));
});

async function readUntilSettled(id: string): Promise<Job[]> {
  const seen: Job[] = [];
  for (let i = 0; i < 10; i++) {
    const job = await jobApi.status({ params: { id } });
    seen.push(job);
    if (isJobSettled(job)) break;
  }
  return seen;
}

describe('jobApi', () => {
  it('starts a queued job, sending the default options', async () => {
    const job = await jobApi.start({ body: { kind: 'export' } });
    expect(job).toMatchObject({ id: 'job_1', kind: 'export', state: 'queued', progress: 0 });
    expect(job.createdAt).toBeInstanceOf(Date);
  });

  it('goes queued → running → done with a result', async () => {
    const { id } = await jobApi.start({ body: { kind: 'report' } });
    const seen = await readUntilSettled(id);
    expect(seen.map((j) => [j.state, j.progress])).toEqual([
      ['running', 0],
      ['running', 50],
      ['done', 100],
    ]);
    const last = seen.at(-1);
    expect(last?.state === 'done' && last.result).toEqual({ url: '/files/job_1.csv', rows: 1280 });
  });

  it('ends failed with an error', async () => {
    const { id } = await jobApi.start({ body: { kind: 'import', options: { fail: true } } });
    const last = (await readUntilSettled(id)).at(-1);
    expect(last).toMatchObject({ state: 'failed', error: expect.any(String) });
  });

  it('refuses an unknown kind, and an unknown job is an http 404', async () => {
    await expect(jobApi.start({ body: { kind: 'mine' as 'export' } })).rejects.toMatchObject({
      kind: 'validation',
      part: 'body',
    });
    await expect(jobApi.status({ params: { id: 'job_404' } })).rejects.toMatchObject({
      kind: 'http',
      status: 404,
    });
  });
});

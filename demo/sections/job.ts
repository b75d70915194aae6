import { isJobSettled, type Job, jobApi } from '../../src/api';
import { isPollTimeoutError, pollUntil } from '../../src/polling';
import { $, describe, isCancel, status } from '../dom';
import { whileSignedIn } from '../session';

/**
 * Start a job, then `pollUntil` its status is settled: one request at a time, the next 500 ms
 * after the previous one answered, a 30 s deadline, and a Cancel button wired to the signal.
 */
export function mountJob() {
  const progress = $<HTMLProgressElement>('#job-progress');
  const statusLine = $('#job-status');
  const cancel = $<HTMLButtonElement>('#job-cancel');
  let watching: AbortController | undefined;

  function show(job: Job, polls: number) {
    progress.value = job.progress;
    const detail =
      job.state === 'done'
        ? `: ${job.result.rows} rows, ${job.result.url}`
        : job.state === 'failed'
          ? `: ${job.error}`
          : ` (${job.progress}%)`;
    const tone = job.state === 'done' ? 'ok' : job.state === 'failed' ? 'bad' : '';
    status(statusLine, `${job.kind} ${job.id} ${job.state}${detail} · ${polls} polls`, tone);
    statusLine.dataset.state = job.state;
  }

  async function run(fail: boolean) {
    watching?.abort();
    const controller = new AbortController();
    watching = controller;
    cancel.disabled = false;
    let polls = 0;
    try {
      const started = await jobApi.start(
        { body: { kind: fail ? 'import' : 'export', options: { fail } } },
        { signal: controller.signal },
      );
      show(started, polls);
      const job = await pollUntil(
        async ({ signal }) => {
          const current = await jobApi.status({ params: { id: started.id } }, { signal });
          polls += 1;
          show(current, polls);
          return current;
        },
        { until: isJobSettled, interval: 500, timeout: 30_000, signal: controller.signal },
      );
      show(job, polls);
    } catch (error) {
      if (isCancel(error)) {
        status(statusLine, 'Canceled: stopped watching (the job itself goes on on the server).');
        statusLine.dataset.state = 'canceled';
      } else if (isPollTimeoutError(error)) {
        status(statusLine, `Gave up after ${error.attempts} polls (30 s deadline).`, 'bad');
      } else {
        status(statusLine, describe(error), 'bad');
      }
    } finally {
      if (watching === controller) cancel.disabled = true;
    }
  }

  $('#job-start').addEventListener('click', () => void run(false));
  $('#job-start-failing').addEventListener('click', () => void run(true));
  cancel.addEventListener('click', () => watching?.abort());
  whileSignedIn(() => () => watching?.abort());
}

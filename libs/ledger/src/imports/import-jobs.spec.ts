import { invalid } from '@ledger/domain';
import { FixedClock } from '../core/clock';
import { ImportJobRequest, ImportJobs, ImportJobRun } from './import-jobs';

const request = (
  importId: string,
  run: ImportJobRequest['run'],
  kind: ImportJobRequest['kind'] = 'enrollments',
): ImportJobRequest => ({
  kind,
  planId: kind === 'enrollments' ? 'ganzhou-2024' : undefined,
  importId,
  fileName: '名单.xlsx',
  sha256: 'ab'.repeat(32),
  bytes: 1234,
  run,
});

/** A run the test lets go of when it wants: status and percentage can be read meanwhile. */
function heldRun() {
  let release!: () => void;
  let job!: ImportJobRun;
  let started!: () => void;
  const isStarted = new Promise<void>((r) => (started = r));
  const run = async (j: ImportJobRun) => {
    job = j;
    started();
    await new Promise<void>((r) => (release = r));
    j.progress(10, 10);
    j.results([
      { line: 3, outcome: 'enrolled' },
      { line: 2, outcome: 'refused', rule: 'x' },
    ]);
    return { summary: { lines: 2, enrolled: 1, refused: 1, failed: 0 } };
  };
  return { run, started: isStarted, release: () => release(), job: () => job };
}

describe('Import jobs: status, percentage, results, safe to run again (issue 15)', () => {
  const clock = new FixedClock(Date.parse('2024-01-20T10:00:00+08:00'));

  it('reports queued, running with a percentage, then succeeded with the results sorted by line', async () => {
    const jobs = new ImportJobs(clock);
    const held = heldRun();
    const { job, created } = jobs.submit(request('file-1', held.run));
    expect(created).toBe(true);
    expect(job).toMatchObject({
      status: 'queued',
      percent: 0,
      createdAt: '2024-01-20T10:00:00+08:00',
    });
    await held.started;
    held.job().progress(3, 10);
    expect(jobs.get(job.jobId)).toMatchObject({
      status: 'running',
      percent: 30,
      done: 3,
      total: 10,
    });
    held.release();
    await jobs.whenIdle();
    const { job: done, lines } = jobs.results(job.jobId);
    expect(done).toMatchObject({ status: 'succeeded', percent: 100, summary: { enrolled: 1 } });
    expect(lines.map((l) => l.line)).toEqual([2, 3]);
  });

  it('the same import again finds its job; a failed job, or one with failed lines, runs again', async () => {
    const jobs = new ImportJobs(clock);
    let runs = 0;
    const ok = async () => {
      runs++;
      return { summary: { failed: 0 } };
    };
    const first = jobs.submit(request('file-2', ok)).job;
    await jobs.whenIdle();
    expect(jobs.existing('enrollments', 'ganzhou-2024', 'file-2')?.jobId).toBe(first.jobId);
    expect(jobs.submit(request('file-2', ok))).toMatchObject({
      created: false,
      job: { jobId: first.jobId },
    });
    expect(runs).toBe(1);
    // Another kind or plan with the same import id is another job.
    expect(jobs.submit(request('file-2', ok, 'claims')).created).toBe(true);

    const failing = jobs.submit(
      request('file-3', async () => {
        throw invalid('header', 'file.header', 'missing column');
      }),
    ).job;
    await jobs.whenIdle();
    expect(jobs.get(failing.jobId)).toMatchObject({
      status: 'failed',
      errors: [{ rule: 'file.header', messages: { en: 'missing column' } }],
    });
    expect(jobs.existing('enrollments', 'ganzhou-2024', 'file-3')).toBeUndefined();
    expect(jobs.submit(request('file-3', ok)).created).toBe(true);

    jobs.submit(request('file-4', async () => ({ summary: { failed: 2 } })));
    await jobs.whenIdle();
    expect(jobs.submit(request('file-4', ok)).created).toBe(true);
  });

  it('an unknown job is 404 import.jobNotFound; shutting down stops a job between batches', async () => {
    const jobs = new ImportJobs(clock);
    expect(() => jobs.get('enr-nothing')).toThrow(
      expect.objectContaining({ rule: 'import.jobNotFound' }),
    );
    const held = heldRun();
    const { job } = jobs.submit(request('file-5', held.run));
    await held.started;
    jobs.onModuleDestroy();
    expect(held.job().signal.aborted).toBe(true);
    held.release();
    await jobs.whenIdle();
    expect(jobs.get(job.jobId).status).toBe('succeeded'); // it had passed its last check
    const late = jobs.submit(request('file-6', async () => ({ summary: {} }))).job;
    await jobs.whenIdle();
    expect(jobs.get(late.jobId)).toMatchObject({
      status: 'failed',
      errors: [{ rule: 'server.internal' }],
    });
  });
});

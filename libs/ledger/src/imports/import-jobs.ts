import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { notFound } from '@ledger/domain';
import { Clock } from '../core/clock';
import { ErrorItem, refusalOf } from '../core/refusal';
import { localizeItems, LocalizedErrorItem } from '../messages/localize';
import { ResultLine } from './results-file';

export type ImportKind = 'enrollments' | 'claims';
export type ImportJobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

/** What a job's run reports while it works, and what it returns. */
export interface ImportJobRun {
  progress(done: number, total: number): void;
  results(lines: readonly ResultLine[]): void;
  signal: AbortSignal;
}

export interface ImportJobOutcome {
  summary: Record<string, number>;
  /** How the file was read (format, encoding, sheet). */
  file?: Record<string, string>;
}

export interface ImportJobRequest {
  kind: ImportKind;
  planId?: string;
  importId: string;
  fileName?: string;
  sha256: string;
  bytes: number;
  run: (job: ImportJobRun) => Promise<ImportJobOutcome>;
}

/** A job as GET /import-jobs/{id} shows it. */
export interface ImportJobView {
  jobId: string;
  kind: ImportKind;
  planId?: string;
  importId: string;
  fileName?: string;
  sha256: string;
  bytes: number;
  status: ImportJobStatus;
  /** 0–100, whole percent of the file's rows decided. */
  percent: number;
  done: number;
  total?: number;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  summary?: Record<string, number>;
  file?: Record<string, string>;
  /** Why a job failed as a whole (the lines it decided stay decided: upload it again). */
  errors?: LocalizedErrorItem[];
}

interface Job {
  view: ImportJobView;
  request: ImportJobRequest;
  lines: ResultLine[];
  errors?: ErrorItem[];
}

/** Finished jobs kept (with their results files) before the oldest are forgotten. */
const KEPT_JOBS = 200;

/**
 * Long imports as jobs: an upload is read and checked at once, then decided in the background,
 * one job at a time (imports are heavy and share the machine), with a status and a percentage
 * and, when done, a results file. A job's id comes from the kind, the plan and the import id
 * (by default the file's SHA-256), so the same file uploaded again finds its job instead of
 * running twice; a job that failed, or has lines that failed internally, runs again (lines
 * already decided are replayed, nothing is written twice). Jobs live in the process that took
 * the upload: after a restart, uploading the file again is the way back (it is safe).
 */
@Injectable()
export class ImportJobs implements OnModuleDestroy {
  private readonly logger = new Logger('ImportJobs');
  private readonly jobs = new Map<string, Job>();
  private queue: Promise<void> = Promise.resolve();
  private readonly stopping = new AbortController();

  constructor(@Inject(Clock) private readonly clock: Clock) {}

  static jobIdOf(kind: ImportKind, planId: string | undefined, importId: string): string {
    const hash = createHash('sha256')
      .update(`${kind}|${planId ?? ''}|${importId}`)
      .digest('hex');
    return `${kind === 'enrollments' ? 'enr' : 'clm'}-${hash.slice(0, 24)}`;
  }

  /** The job of this import when it exists and need not run again (the same file, again). */
  existing(
    kind: ImportKind,
    planId: string | undefined,
    importId: string,
  ): ImportJobView | undefined {
    const job = this.jobs.get(ImportJobs.jobIdOf(kind, planId, importId));
    return job && !needsRerun(job.view) ? this.viewOf(job) : undefined;
  }

  /** The job of this import (created and queued unless one that need not run again exists). */
  submit(request: ImportJobRequest): { job: ImportJobView; created: boolean } {
    const jobId = ImportJobs.jobIdOf(request.kind, request.planId, request.importId);
    const existing = this.jobs.get(jobId);
    if (existing && !needsRerun(existing.view))
      return { job: this.viewOf(existing), created: false };
    const job: Job = {
      request,
      lines: [],
      view: {
        jobId,
        kind: request.kind,
        ...(request.planId ? { planId: request.planId } : {}),
        importId: request.importId,
        ...(request.fileName ? { fileName: request.fileName } : {}),
        sha256: request.sha256,
        bytes: request.bytes,
        status: 'queued',
        percent: 0,
        done: 0,
        createdAt: this.now(),
      },
    };
    this.jobs.delete(jobId);
    this.jobs.set(jobId, job);
    this.forgetOldest();
    this.queue = this.queue.then(() => this.execute(job));
    return { job: this.viewOf(job), created: true };
  }

  /** Settles once every job submitted so far has finished (tests, orderly shutdowns). */
  whenIdle(): Promise<void> {
    return this.queue;
  }

  get(jobId: string): ImportJobView {
    return this.viewOf(this.find(jobId));
  }

  /** The plan a job imports into (undefined: no such job, or an import across plans). */
  planOf(jobId: string): string | undefined {
    return this.jobs.get(jobId)?.view.planId;
  }

  /** Every line of the file with what became of it; refused while the job still runs. */
  results(jobId: string): { job: ImportJobView; lines: readonly ResultLine[] } {
    const job = this.find(jobId);
    return { job: this.viewOf(job), lines: job.lines };
  }

  /** Stops the running job between batches: shutting down never waits for a whole campaign. */
  onModuleDestroy(): void {
    this.stopping.abort(new Error('the ledger is shutting down'));
  }

  private find(jobId: string): Job {
    const job = this.jobs.get(jobId);
    if (!job) {
      throw notFound(
        'jobId',
        'import.jobNotFound',
        `no import job ${jobId} in this process (jobs are kept in the process that took the upload; upload the file again, which is safe)`,
      );
    }
    return job;
  }

  private async execute(job: Job): Promise<void> {
    const view = job.view;
    if (this.stopping.signal.aborted) {
      this.fail(job, this.stopping.signal.reason);
      return;
    }
    view.status = 'running';
    view.startedAt = this.now();
    try {
      const outcome = await job.request.run({
        progress: (done, total) => {
          view.done = done;
          view.total = total;
          view.percent = total === 0 ? 100 : Math.min(100, Math.floor((done * 100) / total));
        },
        results: (lines) => {
          for (const l of lines) job.lines.push(l);
        },
        signal: this.stopping.signal,
      });
      job.lines.sort((a, b) => a.line - b.line);
      view.summary = outcome.summary;
      if (outcome.file) view.file = outcome.file;
      view.status = 'succeeded';
      view.percent = 100;
    } catch (error) {
      this.fail(job, error);
    } finally {
      view.finishedAt = this.now();
    }
  }

  private fail(job: Job, error: unknown): void {
    job.view.status = 'failed';
    const refusal = refusalOf(error);
    if (!refusal) this.logger.error(`import job ${job.view.jobId} failed: ${String(error)}`);
    job.errors = refusal?.errors ?? [
      {
        field: 'job',
        rule: 'server.internal',
        message:
          'the import stopped; what it decided stays decided: upload the file again to finish it',
      },
    ];
  }

  /** A copy in a fixed order (what a program or a person reads first comes first). */
  private viewOf(job: Job): ImportJobView {
    const v = job.view;
    return {
      jobId: v.jobId,
      kind: v.kind,
      ...(v.planId ? { planId: v.planId } : {}),
      importId: v.importId,
      ...(v.fileName ? { fileName: v.fileName } : {}),
      sha256: v.sha256,
      bytes: v.bytes,
      status: v.status,
      percent: v.percent,
      done: v.done,
      ...(v.total !== undefined ? { total: v.total } : {}),
      createdAt: v.createdAt,
      ...(v.startedAt ? { startedAt: v.startedAt } : {}),
      ...(v.finishedAt ? { finishedAt: v.finishedAt } : {}),
      ...(v.summary ? { summary: v.summary } : {}),
      ...(v.file ? { file: v.file } : {}),
      ...(job.errors ? { errors: localizeItems(job.errors, 'zh') } : {}),
    };
  }

  private forgetOldest(): void {
    for (const [id, job] of this.jobs) {
      if (this.jobs.size <= KEPT_JOBS) return;
      if (job.view.status === 'succeeded' || job.view.status === 'failed') this.jobs.delete(id);
    }
  }

  /** Times as people in China read them: ISO-8601 with the +08:00 offset. */
  private now(): string {
    const shanghai = new Date(this.clock.now() + 8 * 3600_000).toISOString().slice(0, 19);
    return `${shanghai}+08:00`;
  }
}

function needsRerun(view: ImportJobView): boolean {
  return view.status === 'failed' || (view.summary?.failed ?? 0) > 0;
}

import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { ImportJobs, RefusalError, RESULT_COLUMNS } from '@ledger/ledger';
import { fileFormatOf, sendRows } from '../http/file-format';
import { Access } from '@ledger/access';
import { jobAnswer } from './import-job-answer';

@ApiTags('imports')
@Controller('import-jobs')
export class ImportJobsController {
  constructor(private readonly jobs: ImportJobs) {}

  @Get(':jobId')
  @Access({ roles: ['operator', 'auditor'], resource: 'import-job' })
  @ApiOperation({
    summary: 'An import job: status (queued, running, succeeded, failed), percentage, summary',
  })
  job(@Param('jobId') jobId: string) {
    return jobAnswer(this.jobs.get(jobId));
  }

  @Get(':jobId/results')
  @Access({ roles: ['operator', 'auditor'], resource: 'import-job' })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv', 'xlsx'] })
  @ApiOperation({
    summary:
      'The results file: every line of the uploaded file with its own line number, the outcome, the rule and the message in Chinese and English',
  })
  async results(
    @Param('jobId') jobId: string,
    @Query('format') format: string | undefined,
    @Res() res: Response,
  ) {
    const chosen = fileFormatOf(format);
    const { job, lines } = this.jobs.results(jobId);
    if (job.status === 'queued' || job.status === 'running') {
      throw new RefusalError(409, [
        {
          field: 'jobId',
          rule: 'import.jobRunning',
          message: `the job is ${job.status} (${job.percent}%): its results file is ready when it has finished`,
          params: { percent: job.percent },
        },
      ]);
    }
    if (chosen === 'json') {
      res.json({ ...jobAnswer(job), lines });
      return;
    }
    const name = (job.fileName ?? job.jobId).replace(/\.[A-Za-z0-9]+$/, '');
    await sendRows(res, chosen, RESULT_COLUMNS, lines, `导入结果-${name}`);
  }
}

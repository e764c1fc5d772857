import { Body, Controller, HttpCode, Post, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { ClaimCsvImport, claimResultLine, digest, ImportJobs } from '@ledger/ledger';
import { Access, actorOf, callerOf } from '@ledger/access';
import { AcceptsUploads, UPLOAD_MEDIA_TYPES } from '../http/accepts-uploads';
import { IdempotencyInterceptor } from '../http/idempotency.interceptor';
import { UploadInterceptor, UploadRequest } from '../http/upload.interceptor';
import { ImportFieldsDto, ImportIdQuery } from './import-fields.dto';
import { jobAnswer } from './import-job-answer';

@ApiTags('imports')
@Controller()
export class ClaimImportsController {
  constructor(
    private readonly importer: ClaimCsvImport,
    private readonly jobs: ImportJobs,
  ) {}

  @Post('claim-imports')
  @Access({ roles: ['operator'], resource: 'ledger', uploads: UPLOAD_MEDIA_TYPES })
  @HttpCode(202)
  @AcceptsUploads(false)
  @UseInterceptors(UploadInterceptor, IdempotencyInterceptor)
  @ImportIdQuery()
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: { type: 'string', format: 'binary', description: 'CSV or XLSX (docs/claims.md)' },
        importId: { type: 'string' },
        sheet: { type: 'string' },
      },
    },
  })
  @ApiOperation({
    summary: 'Upload a claim file (CSV or XLSX, docs/claims.md), run as a job',
    description:
      'Each claim goes through the same command as POST …/claims. 202 with the job; ' +
      'GET /import-jobs/{jobId} and …/results?format=csv|xlsx as for enrollment imports. The ' +
      'default import id is the SHA-256 of the file: the same file again finds its job, and ' +
      'after a restart replays what was decided.',
  })
  async upload(
    @Body() fields: ImportFieldsDto,
    @Req() req: UploadRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    const upload = req.upload;
    if (!upload) throw new Error('UploadInterceptor lets no request without a file through');
    const importId = fields.importId ?? digest(upload.bytes);
    const known = this.jobs.existing('claims', undefined, importId);
    if (known) {
      res.setHeader('location', `/import-jobs/${known.jobId}`);
      return jobAnswer(known, false);
    }
    const source = upload.fileName ?? 'upload';
    const prepared = await this.importer.prepareBytes(upload.bytes, source, {
      ...(fields.sheet !== undefined ? { sheet: fields.sheet } : {}),
    });
    const actor = actorOf(callerOf(req));
    const { job, created } = this.jobs.submit({
      kind: 'claims',
      importId,
      ...(upload.fileName ? { fileName: upload.fileName } : {}),
      sha256: upload.sha256,
      bytes: upload.bytes.length,
      run: async (run) => {
        const report = await this.importer.runPrepared(prepared, {
          importId,
          actor,
          signal: run.signal,
          onProgress: (done, total) => run.progress(done, total),
        });
        run.results(report.rows.map(claimResultLine));
        return {
          summary: { ...report.summary },
          file: {
            format: report.format ?? 'csv',
            ...(report.encoding ? { encoding: report.encoding } : {}),
          },
        };
      },
    });
    res.setHeader('location', `/import-jobs/${job.jobId}`);
    return jobAnswer(job, created);
  }
}

import { Body, Controller, HttpCode, Param, Post, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { digest, EnrollmentFileImport, enrollmentResultLines, ImportJobs } from '@ledger/ledger';
import { Access, actorOf, callerOf } from '@ledger/access';
import { AcceptsUploads, UPLOAD_MEDIA_TYPES } from '../http/accepts-uploads';
import { IdempotencyInterceptor } from '../http/idempotency.interceptor';
import { UploadInterceptor, UploadRequest } from '../http/upload.interceptor';
import { ImportFieldsDto, ImportIdQuery } from './import-fields.dto';
import { jobAnswer } from './import-job-answer';

@ApiTags('imports')
@Controller('plans/:planId')
export class EnrollmentImportsController {
  constructor(
    private readonly importer: EnrollmentFileImport,
    private readonly jobs: ImportJobs,
  ) {}

  @Post('enrollment-imports')
  @Access({ roles: ['operator'], resource: 'plan', uploads: UPLOAD_MEDIA_TYPES })
  @HttpCode(202)
  @AcceptsUploads(false)
  @UseInterceptors(UploadInterceptor, IdempotencyInterceptor)
  @ImportIdQuery()
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: { type: 'string', format: 'binary', description: 'CSV, XLSX or JSON Lines' },
        importId: { type: 'string' },
        sheet: { type: 'string' },
      },
    },
  })
  @ApiOperation({
    summary: 'Upload an enrollment file (批量参保导入): CSV, XLSX or JSON Lines, run as a job',
    description:
      'Chinese or English headers (docs/imports.md). The file is read and checked at once (an ' +
      'unreadable file, a wrong header or an unknown plan is refused here); its enrollments are ' +
      'then decided by a job: 202 with the job, GET /import-jobs/{jobId} for its status and ' +
      'percentage, …/results?format=csv|xlsx for every line with its outcome. The same file ' +
      'again finds its job (default import id: the SHA-256 of the file) and writes nothing twice.',
  })
  async upload(
    @Param('planId') planId: string,
    @Body() fields: ImportFieldsDto,
    @Req() req: UploadRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    const upload = req.upload;
    if (!upload) throw new Error('UploadInterceptor lets no request without a file through');
    const importId = fields.importId ?? digest(upload.bytes);
    const known = this.jobs.existing('enrollments', planId, importId);
    if (known) {
      res.setHeader('location', `/import-jobs/${known.jobId}`);
      return jobAnswer(known, false);
    }
    const prepared = await this.importer.prepareBytes(planId, upload.bytes, {
      importId,
      ...(fields.sheet !== undefined ? { sheet: fields.sheet } : {}),
      ...(upload.fileName ? { fileName: upload.fileName } : {}),
    });
    const actor = actorOf(callerOf(req));
    const { job, created } = this.jobs.submit({
      kind: 'enrollments',
      planId,
      importId,
      ...(upload.fileName ? { fileName: upload.fileName } : {}),
      sha256: upload.sha256,
      bytes: upload.bytes.length,
      run: async (run) => {
        const report = await this.importer.runPrepared(prepared, {
          actor,
          signal: run.signal,
          onLine: (r) => run.results(enrollmentResultLines(r)),
          onProgress: (done, total) => run.progress(done, total),
        });
        return {
          summary: { ...report.summary },
          file: {
            format: report.format,
            ...(report.encoding ? { encoding: report.encoding } : {}),
            ...(report.sheet ? { sheet: report.sheet } : {}),
          },
        };
      },
    });
    res.setHeader('location', `/import-jobs/${job.jobId}`);
    return jobAnswer(job, created);
  }
}

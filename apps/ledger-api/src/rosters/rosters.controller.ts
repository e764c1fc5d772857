import { Body, Controller, Param, Post, Req, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ImportSubsidyRosterCommand } from '@ledger/ledger';
import { parseSubsidyRosterCsv } from '@ledger/plans';
import { AcceptsUploads, UPLOAD_MEDIA_TYPES } from '../http/accepts-uploads';
import { commandContext } from '../http/command-context.factory';
import { Request } from 'express';
import { Access } from '@ledger/access';
import { IdempotencyInterceptor } from '../http/idempotency.interceptor';
import { UploadAsCsvTextInterceptor } from '../http/upload-as-csv.interceptor';
import { UploadInterceptor } from '../http/upload.interceptor';
import { SubsidyRosterDto } from './subsidy-roster.dto';

@ApiTags('rosters')
@Controller()
export class RostersController {
  constructor(private readonly commands: CommandBus) {}

  @Post('plans/:planId/subsidy-rosters')
  @Access({ roles: ['operator'], resource: 'plan', uploads: UPLOAD_MEDIA_TYPES })
  // Also as a file (multipart field "file", or the body): CSV in UTF-8 or GBK, or XLSX.
  @AcceptsUploads()
  @UseInterceptors(UploadInterceptor, UploadAsCsvTextInterceptor, IdempotencyInterceptor)
  @ApiOperation({
    summary:
      'Apply a full-subsidy roster (资助参保名单) at its own date: enroll as subsidized, refund and re-record those paid for by others, report per line (found late, too late to enroll, unmatched, refused with the rule)',
  })
  applyRoster(
    @Param('planId') planId: string,
    @Body() body: SubsidyRosterDto,
    @Req() req: Request,
  ) {
    const ctx = { ...commandContext(req), commandId: `roster:${planId}:${body.rosterId}` };
    return this.commands.execute(
      new ImportSubsidyRosterCommand(
        planId,
        body.rosterId,
        body.source,
        parseSubsidyRosterCsv(body.csv),
        { listDate: body.listDate, ...(body.receivedOn ? { receivedOn: body.receivedOn } : {}) },
        ctx,
      ),
    );
  }
}

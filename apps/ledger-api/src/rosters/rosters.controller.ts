import { Body, Controller, Param, Post, Req, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ImportSubsidyRosterCommand } from '@ledger/ledger';
import { parseSubsidyRosterCsv } from '@ledger/plans';
import { AcceptsUploads } from '../http/accepts-uploads';
import { commandContext } from '../http/command-context.factory';
import { IdempotencyInterceptor } from '../http/idempotency.interceptor';
import { UploadAsCsvTextInterceptor } from '../http/upload-as-csv.interceptor';
import { UploadInterceptor } from '../http/upload.interceptor';
import { AuthedRequest, Roles } from '../http/roles.guard';
import { SubsidyRosterDto } from './subsidy-roster.dto';

@ApiTags('rosters')
@Controller()
export class RostersController {
  constructor(private readonly commands: CommandBus) {}

  @Post('plans/:planId/subsidy-rosters')
  @Roles('operator')
  // Also as a file (multipart field "file", or the body): CSV in UTF-8 or GBK, or XLSX.
  @AcceptsUploads()
  @UseInterceptors(UploadInterceptor, UploadAsCsvTextInterceptor, IdempotencyInterceptor)
  @ApiOperation({
    summary:
      'Apply a full-subsidy roster (资助参保名单): enroll as subsidized, reconcile self-payers, report unmatched lines',
  })
  applyRoster(
    @Param('planId') planId: string,
    @Body() body: SubsidyRosterDto,
    @Req() req: AuthedRequest,
  ) {
    const ctx = { ...commandContext(req), commandId: `roster:${planId}:${body.rosterId}` };
    return this.commands.execute(
      new ImportSubsidyRosterCommand(
        planId,
        body.rosterId,
        body.source,
        parseSubsidyRosterCsv(body.csv),
        ctx,
      ),
    );
  }
}

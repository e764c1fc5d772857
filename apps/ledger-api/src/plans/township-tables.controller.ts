import { Body, Controller, Param, Post, Req, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ImportTownshipTableCommand } from '@ledger/ledger';
import { AcceptsUploads } from '../http/accepts-uploads';
import { commandContext } from '../http/command-context.factory';
import { IdempotencyInterceptor } from '../http/idempotency.interceptor';
import { UploadAsCsvTextInterceptor } from '../http/upload-as-csv.interceptor';
import { UploadInterceptor } from '../http/upload.interceptor';
import { AuthedRequest, Roles } from '../http/roles.guard';
import { TownshipTableDto } from './township-table.dto';

@ApiTags('plans')
@Controller()
export class TownshipTablesController {
  constructor(private readonly commands: CommandBus) {}

  @Post('plans/:planId/township-tables')
  @Roles('operator')
  // Also as a file (multipart field "file", or the body): CSV in UTF-8 or GBK, or XLSX.
  @AcceptsUploads()
  @UseInterceptors(UploadInterceptor, UploadAsCsvTextInterceptor, IdempotencyInterceptor)
  @ApiOperation({
    summary:
      'Import a township table (CSV, XLSX or JSON; Chinese or English headers); the report lists discrepancies, never corrects them',
  })
  importTable(
    @Param('planId') planId: string,
    @Body() body: TownshipTableDto,
    @Req() req: AuthedRequest,
  ) {
    return this.commands.execute(
      new ImportTownshipTableCommand(
        planId,
        body.source,
        body.csv ?? body.table!,
        body.targets,
        commandContext(req),
      ),
    );
  }
}

import { Body, Controller, HttpCode, Param, Post, Req, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Request } from 'express';
import { Access, AccessRule } from '@ledger/access';
import {
  ImportTownshipTableCommand,
  TownshipTableImports,
  TownshipTableRequest,
} from '@ledger/ledger';
import { AcceptsUploads, UPLOAD_MEDIA_TYPES } from '../http/accepts-uploads';
import { commandContext } from '../http/command-context.factory';
import { IdempotencyInterceptor } from '../http/idempotency.interceptor';
import { UploadAsCsvTextInterceptor } from '../http/upload-as-csv.interceptor';
import { UploadInterceptor } from '../http/upload.interceptor';
import { TownshipTableDto, TownshipTablePreviewDto } from './township-table.dto';

/** Operators of the plan; the table as JSON or as the clerk's file (CSV in UTF-8 or GBK, XLSX). */
const TABLE_WRITERS: AccessRule = {
  roles: ['operator'],
  resource: 'plan',
  uploads: UPLOAD_MEDIA_TYPES,
};

function tableRequest(planId: string, body: TownshipTablePreviewDto): TownshipTableRequest {
  return {
    planId,
    source: body.source,
    content: body.csv ?? body.table!,
    ...(body.targets ? { targets: body.targets } : {}),
    ...(body.mapping ? { mapping: body.mapping } : {}),
    ...(body.keepUnlisted ? { keepUnlisted: true } : {}),
  };
}

@ApiTags('plans')
@Controller()
export class TownshipTablesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly tables: TownshipTableImports,
  ) {}

  @Post('plans/:planId/township-tables/preview')
  @HttpCode(200)
  @Access(TABLE_WRITERS)
  // Also as a file (multipart field "file", or the body): CSV in UTF-8 or GBK, or XLSX.
  @AcceptsUploads()
  @UseInterceptors(UploadInterceptor, UploadAsCsvTextInterceptor)
  @ApiQuery({
    name: 'source',
    required: false,
    description: 'With the file as the whole body (text/csv, XLSX): where the table comes from',
  })
  @ApiOperation({
    summary:
      'Preview a township table: rows matched to the plan’s townships by code or name; added, removed, renamed, merged, kept and changed townships with the enrollments each holds; discrepancies; a fingerprint to apply it with. Writes nothing',
  })
  preview(@Param('planId') planId: string, @Body() body: TownshipTablePreviewDto) {
    return this.tables.preview(tableRequest(planId, body));
  }

  @Post('plans/:planId/township-tables')
  @Access(TABLE_WRITERS)
  @AcceptsUploads()
  @UseInterceptors(UploadInterceptor, UploadAsCsvTextInterceptor, IdempotencyInterceptor)
  @ApiOperation({
    summary:
      'Apply a previewed township table (the same table, JSON or file, with the preview’s fingerprint). Refused, naming them, when it would remove or rename townships holding enrollments that the mapping does not place',
  })
  importTable(
    @Param('planId') planId: string,
    @Body() body: TownshipTableDto,
    @Req() req: Request,
  ) {
    return this.commands.execute(
      new ImportTownshipTableCommand(
        tableRequest(planId, body),
        body.fingerprint,
        commandContext(req),
      ),
    );
  }
}

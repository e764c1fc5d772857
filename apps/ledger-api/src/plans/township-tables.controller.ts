import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ImportTownshipTableCommand,
  TownshipTableImports,
  TownshipTableRequest,
} from '@ledger/ledger';
import { commandContext } from '../http/command-context.factory';
import { Request } from 'express';
import { Access } from '@ledger/access';
import { TownshipTableDto, TownshipTablePreviewDto } from './township-table.dto';

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
  @Access({ roles: ['operator'], resource: 'plan' })
  @ApiOperation({
    summary:
      'Preview a township table: rows matched to the plan’s townships by code or name; added, removed, renamed, merged, kept and changed townships with the enrollments each holds; discrepancies; a fingerprint to apply it with. Writes nothing',
  })
  preview(@Param('planId') planId: string, @Body() body: TownshipTablePreviewDto) {
    return this.tables.preview(tableRequest(planId, body));
  }

  @Post('plans/:planId/township-tables')
  @Access({ roles: ['operator'], resource: 'plan' })
  @ApiOperation({
    summary:
      'Apply a previewed township table (with the preview’s fingerprint). Refused, naming them, when it would remove or rename townships holding enrollments that the mapping does not place',
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

import { Body, Controller, Param, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ImportTownshipTableCommand } from '@ledger/ledger';
import { commandContext } from '../http/command-context.factory';
import { Request } from 'express';
import { Access } from '@ledger/access';
import { TownshipTableDto } from './township-table.dto';

@ApiTags('plans')
@Controller()
export class TownshipTablesController {
  constructor(private readonly commands: CommandBus) {}

  @Post('plans/:planId/township-tables')
  @Access({ roles: ['operator'], resource: 'plan' })
  @ApiOperation({
    summary:
      'Import a township table (CSV or JSON); the report lists discrepancies, never corrects them',
  })
  importTable(
    @Param('planId') planId: string,
    @Body() body: TownshipTableDto,
    @Req() req: Request,
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

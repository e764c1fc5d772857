import { Body, Controller, Param, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { RecordAssessmentCommand } from '@ledger/ledger';
import { commandContext } from '../http/command-context.factory';
import { Request } from 'express';
import { Access } from '@ledger/access';
import { AssessmentDto } from './assessment.dto';

@ApiTags('scorecard')
@Controller()
export class AssessmentsController {
  constructor(private readonly commands: CommandBus) {}

  @Post('plans/:planId/assessments')
  @Access({ roles: ['operator'], resource: 'plan' })
  @ApiOperation({
    summary:
      'Inspector entries for the scorecard (organization, publicity, public opinion; staff relatives)',
  })
  assess(@Param('planId') planId: string, @Body() body: AssessmentDto, @Req() req: Request) {
    return this.commands.execute(new RecordAssessmentCommand(planId, body, commandContext(req)));
  }
}

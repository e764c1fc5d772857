import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '@ledger/access';
import { PROGRESS_READERS } from '../http/readers';
import { dashboardPage } from './dashboard-page';

@ApiTags('dashboard')
@Controller()
export class DashboardController {
  @Get('dashboard/:planId')
  @Access({ roles: PROGRESS_READERS, resource: 'plan' })
  @Header('content-type', 'text/html; charset=utf-8')
  @ApiOperation({ summary: 'Live county dashboard page (progress table following the SSE stream)' })
  dashboard(@Param('planId') planId: string): string {
    return dashboardPage(planId);
  }
}

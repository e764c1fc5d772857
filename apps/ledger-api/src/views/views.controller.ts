import {
  Controller,
  Get,
  Header,
  MessageEvent,
  Param,
  Post,
  Query,
  Req,
  Res,
  Sse,
} from '@nestjs/common';
import { ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { filter, map, Observable } from 'rxjs';
import {
  asOfFrom,
  coinsuranceTable,
  LedgerViews,
  progressTable,
  scorecardTable,
  subsidiesTable,
  ViewReports,
  writeCached,
} from '@ledger/ledger';
import { fileFormatOf } from '../http/file-format';
import { Roles } from '../http/roles.guard';
import { sendView } from './send-view';

interface ViewQuery {
  asOf?: string;
  asOfPosition?: string;
  format?: string;
}

@ApiTags('views')
@Controller()
export class ViewsController {
  constructor(
    private readonly reports: ViewReports,
    private readonly views: LedgerViews,
  ) {}

  @Get('plans/:planId/progress')
  @ApiOperation({
    summary: 'Township progress (乡镇参保进度) at township, district and county level',
  })
  @ApiQuery({
    name: 'asOf',
    required: false,
    description: 'business instant, ISO-8601 with offset',
  })
  @ApiQuery({ name: 'asOfPosition', required: false, description: 'log position' })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv', 'xlsx'] })
  @ApiParam({ name: 'planId' })
  async progress(@Req() req: Request<{ planId: string }>, @Res() res: Response) {
    // Read from the request, not through @Param/@Query: no pipe runs on this hot route (the
    // global ValidationPipe had nothing to check on a string and an interface), which saves
    // about a tenth of what a request allocates.
    const planId = req.params.planId;
    const q = req.query as ViewQuery;
    const format = q.format === undefined ? 'json' : fileFormatOf(q.format);
    const asOf = asOfFrom(q);
    if (!asOf && format === 'json') {
      // The current report: prebuilt bytes, ETag/304, gzip/br (docs/views.md, "Caching").
      writeCached(req.headers, res, await this.reports.progressCurrent(planId));
      return;
    }
    const report = await this.reports.progress(planId, asOf);
    const plan = await this.reports.definition(planId);
    await sendView(req, res, format, report, () => progressTable(report, plan));
  }

  @Get('plans/:planId/coinsurance')
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv', 'xlsx'] })
  @ApiOperation({
    summary:
      'Premium income per coalition member (共保体), ranking, promoting insurers per district',
  })
  async coinsurance(
    @Param('planId') planId: string,
    @Query() q: ViewQuery,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const format = fileFormatOf(q.format);
    const report = await this.reports.coinsurance(planId, asOfFrom(q));
    await sendView(req, res, format, report, () => coinsuranceTable(report));
  }

  @Get('plans/:planId/subsidies')
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv', 'xlsx'] })
  @ApiOperation({
    summary: 'Subsidy ledger (资助参保): people and amount owed per funder and category',
  })
  async subsidies(
    @Param('planId') planId: string,
    @Query() q: ViewQuery,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const format = fileFormatOf(q.format);
    const report = await this.reports.subsidies(planId, asOfFrom(q));
    await sendView(req, res, format, report, () => subsidiesTable(report));
  }

  @Get('plans/:planId/scorecard')
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv', 'xlsx'] })
  @ApiOperation({
    summary: 'Township scorecard (考核评分), only where the plan turns it on (000 Ningdu)',
  })
  async scorecard(
    @Param('planId') planId: string,
    @Query() q: ViewQuery,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const format = fileFormatOf(q.format);
    const report = await this.reports.scorecard(planId, asOfFrom(q));
    await sendView(req, res, format, report, () => scorecardTable(report.townships, planId));
  }

  @Sse('plans/:planId/progress/stream')
  @Header('cache-control', 'no-cache')
  @ApiOperation({ summary: 'Server-Sent Events: township progress documents as they change' })
  stream(@Param('planId') planId: string): Observable<MessageEvent> {
    return this.views.changes.pipe(
      map((changes) =>
        changes.filter((c) => c.view === 'township-progress' && c.key.startsWith(`${planId}/`)),
      ),
      filter((changes) => changes.length > 0),
      map((changes) => ({ type: 'progress', data: changes.map((c) => c.doc) })),
    );
  }

  @Get('projections/status')
  @ApiOperation({ summary: 'Each view: checkpoint, version and lag behind the head of the log' })
  status() {
    return this.views.status();
  }

  @Post('projections/rebuild')
  @Roles('operator', 'auditor')
  @ApiOperation({ summary: 'Rebuild the views from the beginning of the log' })
  async rebuild() {
    return { replayedEvents: await this.views.rebuild() };
  }
}

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
import {
  endWith,
  filter,
  ignoreElements,
  interval,
  map,
  merge,
  Observable,
  startWith,
  takeUntil,
} from 'rxjs';
import { Access, accessOf, PlanVisibility, progressFor, seesTownship } from '@ledger/access';
import { notFound } from '@ledger/domain';
import { isTownshipCounts, TownshipCounts, TownshipProgressDoc } from '@ledger/projections';
import { PLAN_FIGURE_READERS, INSURER_FIGURE_READERS, PROGRESS_READERS } from '../http/readers';

/** Reconnection delay the progress stream asks browsers for, and its heartbeat period. */
const STREAM_RETRY_MS = 2000;
const STREAM_HEARTBEAT_MS = 25_000;
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
  @Access({ roles: PROGRESS_READERS, resource: 'plan', view: 'progress' })
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
    // The point in time first: a repeated asOf is named as such whatever the format says.
    const asOf = asOfFrom(q);
    const format = q.format === undefined ? 'json' : fileFormatOf(q.format);
    const access = accessOf(req);
    if (!asOf && format === 'json' && access.visibility?.kind === 'whole') {
      // The current report: prebuilt bytes, ETag/304, gzip/br (docs/views.md, "Caching"); the
      // same bytes for every caller who sees the whole plan.
      writeCached(req.headers, res, await this.reports.progressCurrent(planId));
      return;
    }
    const report = await this.reports.progress(planId, asOf);
    const plan = await this.reports.definition(planId);
    await sendView(req, res, format, report, (shown) => progressTable(shown, plan));
  }

  @Get('plans/:planId/townships/:townshipId/progress')
  @Access({ roles: PROGRESS_READERS, resource: 'township' })
  @ApiOperation({
    summary:
      'One township’s progress (乡镇参保进度) with its district and county roll-ups (403 outside the caller’s townships)',
  })
  @ApiQuery({ name: 'asOf', required: false })
  @ApiQuery({ name: 'asOfPosition', required: false })
  async townshipProgress(
    @Param('planId') planId: string,
    @Param('townshipId') townshipId: string,
    @Query() q: ViewQuery,
    @Req() req: Request,
  ) {
    // The guard has checked the township is the caller's; its district and county come with it.
    const report = progressFor(
      await this.reports.progress(planId, asOfFrom(q)),
      accessOf(req).visibility as PlanVisibility,
    );
    const township = report.townships.find((t) => t.id === townshipId);
    if (!township)
      throw notFound(
        'townshipId',
        'township.notFound',
        `plan ${planId} has no township ${townshipId}`,
      );
    const district = report.districts.find((d) => d.id === township.districtId);
    return {
      planId,
      ...(report.targetRule ? { targetRule: report.targetRule } : {}),
      township,
      ...(district ? { district } : {}),
      county: report.county,
    };
  }

  @Get('plans/:planId/coinsurance')
  @Access({ roles: INSURER_FIGURE_READERS, resource: 'plan', view: 'coinsurance' })
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
    const asOf = asOfFrom(q);
    const format = fileFormatOf(q.format);
    const report = await this.reports.coinsurance(planId, asOf);
    await sendView(req, res, format, report, (shown) => coinsuranceTable(shown));
  }

  @Get('plans/:planId/subsidies')
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv', 'xlsx'] })
  @Access({ roles: PLAN_FIGURE_READERS, resource: 'plan' })
  @ApiOperation({
    summary: 'Subsidy ledger (资助参保): people and amount owed per funder and category',
  })
  async subsidies(
    @Param('planId') planId: string,
    @Query() q: ViewQuery,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const asOf = asOfFrom(q);
    const format = fileFormatOf(q.format);
    const report = await this.reports.subsidies(planId, asOf);
    await sendView(req, res, format, report, (shown) => subsidiesTable(shown));
  }

  @Get('plans/:planId/scorecard')
  @Access({ roles: PROGRESS_READERS, resource: 'plan', view: 'scorecard' })
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
    const asOf = asOfFrom(q);
    const format = fileFormatOf(q.format);
    const report = await this.reports.scorecard(planId, asOf);
    await sendView(req, res, format, report, (shown) => scorecardTable(shown.townships, planId));
  }

  @Sse('plans/:planId/progress/stream')
  @Access({ roles: PROGRESS_READERS, resource: 'plan' })
  @Header('cache-control', 'no-cache')
  @ApiOperation({
    summary:
      'Server-Sent Events: township progress documents as they change (the caller’s townships only)',
  })
  stream(@Param('planId') planId: string, @Req() req: Request): Observable<MessageEvent> {
    const visibility = accessOf(req).visibility as PlanVisibility;
    const changes = this.views.changes.pipe(
      map((changes) =>
        changes.filter(
          (c) =>
            c.view === 'township-progress' &&
            c.key.startsWith(`${planId}/`) &&
            isTownshipCounts(c.doc as TownshipProgressDoc) &&
            seesTownship(visibility, (c.doc as TownshipCounts).townshipId),
        ),
      ),
      filter((changes) => changes.length > 0),
      map((changes): MessageEvent => ({ type: 'progress', data: changes.map((c) => c.doc) })),
    );
    // A heartbeat keeps proxies from closing a quiet stream (nginx's default is 60 s idle). It
    // stops when the views do (shutdown): the stream then ends and the server can close.
    const heartbeats = interval(STREAM_HEARTBEAT_MS).pipe(
      takeUntil(this.views.changes.pipe(ignoreElements(), endWith(true))),
      map((): MessageEvent => ({ type: 'heartbeat', data: {} })),
    );
    // "ready" first, with the reconnection delay browsers use when the stream breaks (a
    // restart of the ledger): the dashboard reloads its figures on every reconnection.
    return merge(changes, heartbeats).pipe(
      startWith<MessageEvent>({ type: 'ready', data: { planId }, retry: STREAM_RETRY_MS }),
    );
  }

  @Get('projections/status')
  @Access({ roles: ['operator', 'auditor'], resource: 'none' })
  @ApiOperation({ summary: 'Each view: checkpoint, version and lag behind the head of the log' })
  status() {
    return this.views.status();
  }

  @Post('projections/rebuild')
  @Access({ roles: ['operator', 'auditor'], resource: 'ledger' })
  @ApiOperation({ summary: 'Rebuild the views from the beginning of the log' })
  async rebuild() {
    return { replayedEvents: await this.views.rebuild() };
  }
}

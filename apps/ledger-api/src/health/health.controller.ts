import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { Response } from 'express';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { Access } from '@ledger/access';
import { EventStoreHealthIndicator } from './event-store.health';
import { IntegrityHealthIndicator } from './integrity.health';

/**
 * A probe's answer as terminus reports it, 503 included: a down check is the probe's answer
 * (what it found), not a refusal, so it keeps terminus's shape rather than a problem document.
 */
async function probe(res: Response, check: Promise<HealthCheckResult>): Promise<HealthCheckResult> {
  try {
    return await check;
  } catch (error) {
    if (!(error instanceof ServiceUnavailableException)) throw error;
    res.status(503);
    return error.getResponse() as HealthCheckResult;
  }
}

/**
 * Probes for load balancers and orchestrators (@nestjs/terminus): open, no credential, and
 * minimal — status only, no counts; an altered log is named by its first bad position.
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly eventStore: EventStoreHealthIndicator,
    private readonly integrity: IntegrityHealthIndicator,
  ) {}

  @Get('live')
  @Access({ roles: 'public', resource: 'none' })
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness: the process serves HTTP (no credential needed)' })
  live(@Res({ passthrough: true }) res: Response) {
    return probe(res, this.health.check([]));
  }

  @Get('ready')
  @Access({ roles: 'public', resource: 'none' })
  @HealthCheck()
  @ApiOperation({
    summary:
      'Readiness: the event store answers and the log is as sealed and verified (503 when not, naming the first altered position; no credential needed)',
  })
  ready(@Res({ passthrough: true }) res: Response) {
    return probe(
      res,
      this.health.check([() => this.eventStore.check(), () => this.integrity.check()]),
    );
  }
}

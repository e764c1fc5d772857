import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { Access } from '@ledger/access';
import { EventStoreHealthIndicator } from './event-store.health';

/**
 * Probes for load balancers and orchestrators (@nestjs/terminus): open, no credential, and
 * minimal — status only, no counts or positions of the log.
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly eventStore: EventStoreHealthIndicator,
  ) {}

  @Get('live')
  @Access({ roles: 'public', resource: 'none' })
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness: the process serves HTTP (no credential needed)' })
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @Access({ roles: 'public', resource: 'none' })
  @HealthCheck()
  @ApiOperation({
    summary: 'Readiness: the event store answers (503 when it does not; no credential needed)',
  })
  ready() {
    return this.health.check([() => this.eventStore.check()]);
  }
}

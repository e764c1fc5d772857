import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { EventStore, formatPosition } from '@ledger/event-store';
import { EVENT_STORE, LedgerIntegrity } from '@ledger/ledger';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly integrity: LedgerIntegrity,
  ) {}

  /** 503 not-ready once the ledger found its log altered (the position and what is wrong). */
  @Get()
  async health(@Res({ passthrough: true }) res: Response) {
    const integrity = this.integrity.status();
    const ready = integrity.state !== 'tampered';
    if (!ready) res.status(503);
    return {
      status: ready ? 'ok' : 'not-ready',
      head: formatPosition(await this.store.headPosition()),
      integrity: {
        state: integrity.state,
        verifiedThrough: integrity.verifiedThrough,
        ...(integrity.problem
          ? {
              position: integrity.problem.position,
              problem: `${integrity.problem.kind}: ${integrity.problem.message}`,
            }
          : {}),
      },
    };
  }
}

import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { EventStore, formatPosition } from '@ledger/event-store';
import { EVENT_STORE } from '@ledger/ledger';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get()
  async health() {
    return { status: 'ok', head: formatPosition(await this.store.headPosition()) };
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { EventStore } from '@ledger/event-store';
import { EVENT_STORE } from '@ledger/ledger';

const TIMEOUT_MS = 2000;

/** Ready means the event store answers (reads the head of the log) within two seconds. */
@Injectable()
export class EventStoreHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async check() {
    const indicator = this.health.check('eventStore');
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.store.headPosition(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('timeout')), TIMEOUT_MS);
        }),
      ]);
      return indicator.up();
    } catch {
      // Minimal on purpose: an open endpoint says up or down, never why or how much.
      return indicator.down();
    } finally {
      clearTimeout(timer);
    }
  }
}

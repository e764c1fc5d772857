import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { LedgerIntegrity } from '@ledger/ledger';

/**
 * Ready means the log is as sealed and verified (docs/audit.md): once the ledger finds it altered
 * it is not ready for good, and the probe names the first bad log position (a position, no
 * figures), so an operator learns where to look from the load balancer's own check.
 */
@Injectable()
export class IntegrityHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly integrity: LedgerIntegrity,
  ) {}

  check() {
    const indicator = this.health.check('integrity');
    const status = this.integrity.status();
    if (status.state !== 'tampered') return indicator.up();
    return indicator.down({
      ...(status.problem
        ? { position: status.problem.position, problem: status.problem.kind }
        : {}),
    });
  }
}

import { ConsoleLogger, INestApplicationContext, LogLevel } from '@nestjs/common';
import { loadConfig, openLedgerContext } from '@ledger/ledger';

/** Nest's log lines on stderr: stdout is the command's output (CSV, --json) alone. */
class StderrLogger extends ConsoleLogger {
  protected override printMessages(
    messages: unknown[],
    context?: string,
    logLevel?: LogLevel,
    _writeStreamType?: 'stdout' | 'stderr',
    errorStack?: unknown,
  ): void {
    super.printMessages(messages, context, logLevel, 'stderr', errorStack);
  }
}

/** The ledger without HTTP, on the configured store; views are driven by the CLI itself. */
export function openLedger(): Promise<INestApplicationContext> {
  return openLedgerContext({
    config: { ...loadConfig(), projections: 'external' },
    logger: new StderrLogger({ logLevels: ['warn', 'error'] }),
  });
}

export const cliContext = (name: string) => ({
  commandId: `cli:${name}:${Date.now()}`,
  correlationId: `cli:${name}`,
  actor: 'cli',
});

/** Who asked, and how the resulting events tie back to the request. */
export interface CommandContext {
  /** Idempotency key: the same commandId never produces events twice. */
  commandId: string;
  correlationId: string;
  actor: string;
}

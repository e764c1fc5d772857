import { apiPath, whoAmI } from './api/client';

export type LiveState = 'connecting' | 'open' | 'reconnecting';

export interface LiveHandlers {
  /** Townships whose progress changed (only those the caller sees: the stream is scoped). */
  onChange(townships: ReadonlySet<string>): void;
  /** Connected again after a break: figures may have changed meanwhile. */
  onReconnected(): void;
  onState(state: LiveState): void;
  /** The session ended (logged out elsewhere, key removed): nothing more will arrive. */
  onUnauthorized(): void;
}

const MAX_BACKOFF_MS = 30_000;

/**
 * Follows the plan's progress stream (Server-Sent Events, same origin: the session cookie goes
 * with it). While the ledger restarts the browser reconnects by itself (the stream says "retry:
 * 2000"); when the connection is refused with an HTTP error, EventSource gives up for good, so
 * this opens a new one with a growing delay, unless the session itself is gone.
 */
export function followProgress(planId: string, handlers: LiveHandlers): { close(): void } {
  let source: EventSource | undefined;
  let everOpen = false;
  let backoff = 1000;
  let timer: number | undefined;
  let closed = false;

  const connect = () => {
    if (closed) return;
    handlers.onState(everOpen ? 'reconnecting' : 'connecting');
    const current = new EventSource(apiPath(['plans', planId, 'progress', 'stream']));
    source = current;
    current.addEventListener('open', () => {
      backoff = 1000;
      handlers.onState('open');
      if (everOpen) handlers.onReconnected();
      everOpen = true;
    });
    current.addEventListener('progress', (event) => {
      const changed = new Set<string>();
      try {
        const docs = JSON.parse((event as MessageEvent<string>).data) as { townshipId?: string }[];
        for (const doc of docs) if (typeof doc.townshipId === 'string') changed.add(doc.townshipId);
      } catch {
        // A change we cannot read is still a change: reload everything.
      }
      handlers.onChange(changed);
    });
    current.addEventListener('error', () => {
      if (closed) return;
      handlers.onState('reconnecting');
      if (current.readyState !== EventSource.CLOSED) return; // the browser retries by itself
      current.close();
      void whoAmI().then(
        (identity) => {
          if (!identity) handlers.onUnauthorized();
          else schedule();
        },
        () => schedule(), // the ledger is not answering yet: try again later
      );
    });
  };
  const schedule = () => {
    if (closed) return;
    window.clearTimeout(timer);
    timer = window.setTimeout(connect, backoff);
    backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
  };
  connect();
  return {
    close() {
      closed = true;
      window.clearTimeout(timer);
      source?.close();
    },
  };
}

import { Agent, ClientRequest, IncomingHttpHeaders, request as httpRequest } from 'node:http';
import { cpuSeconds, fmt, percentile, secondsSince } from './machine';

/**
 * A small HTTP load generator on node:http with keep-alive sockets (no dependency):
 *   - closedLoop: N clients, each sending its next request when the previous answer arrived
 *     (throughput and latency of a saturated server);
 *   - openLoop: requests scheduled at a fixed rate whatever the answers do, latency measured from
 *     the scheduled instant, so a stalled server is not hidden by clients that stopped sending
 *     (no coordinated omission).
 * The generator runs on the same machine as the server: its CPU time is printed so it can be
 * told apart from the server's.
 */

export interface HttpTarget {
  host: string;
  port: number;
}

export interface RequestSpec {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: Buffer;
  /** Called with each answer's status and headers (e.g. to keep the latest ETag). */
  onAnswer?: (status: number, headers: IncomingHttpHeaders) => void;
}

export interface LoadResult {
  sent: number;
  ok: number;
  /** status code or error code → count, for answers that were not 2xx (nor 304) */
  errors: Map<string, number>;
  /** status code → count, for successful answers (2xx, and 304 to a conditional GET) */
  statuses: Map<number, number>;
  /** Bytes of the successful answers' bodies (as received, i.e. still compressed). */
  bodyBytes: number;
  seconds: number;
  /** Ascending, in ms. Closed loop: send → answer. Open loop: scheduled instant → answer. */
  latenciesMs: Float64Array;
  /** Open loop only: actual send → answer (the server's share), ascending, in ms. */
  serviceMs?: Float64Array;
  /**
   * Open loop only: scheduled instant → actual send, ascending, in ms. Large values mean the load
   * generator itself (or the machine) could not keep up, not the server.
   */
  sendLagMs?: Float64Array;
  /** CPU seconds the load generator itself used. */
  clientCpuSeconds: number;
  /** Answer bodies of the first few errors, to explain them. */
  sampleErrors: string[];
  /** Open loop only: requests never sent because the server fell too far behind. */
  abandoned?: number;
}

interface Answer {
  status: number;
  bytes: number;
  body: string;
  headers: IncomingHttpHeaders;
}

function send(
  agent: Agent,
  target: HttpTarget,
  spec: RequestSpec,
  outstanding?: Set<ClientRequest>,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...(spec.headers ?? {}) };
    if (spec.body) {
      headers['content-type'] ??= 'application/json';
      headers['content-length'] = spec.body.length;
    }
    const req = httpRequest(
      {
        agent,
        host: target.host,
        port: target.port,
        method: spec.method,
        path: spec.path,
        headers,
      },
      (res) => {
        // Bodies of successful answers are only counted (decoding them would cost the load
        // generator CPU the server needs); failed ones are kept to explain the failure.
        const status = res.statusCode ?? 0;
        spec.onAnswer?.(status, res.headers);
        const keep = !ok(status);
        const chunks: Buffer[] = [];
        let bytes = 0;
        res.on('data', (c: Buffer) => {
          bytes += c.length;
          if (keep) chunks.push(c);
        });
        res.on('end', () =>
          resolve({
            status,
            bytes,
            body: keep ? Buffer.concat(chunks).toString('utf8') : '',
            headers: res.headers,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (outstanding) {
      outstanding.add(req);
      req.on('close', () => outstanding.delete(req));
    }
    if (spec.body) req.end(spec.body);
    else req.end();
  });
}

/** Free keep-alive sockets are destroyed after this long (the agent only times out free ones). */
const IDLE_SOCKET_MS = 4_000;

/** 2xx, or 304 Not Modified (the successful answer to a conditional GET). */
const ok = (status: number) => (status >= 200 && status < 300) || status === 304;

/** One request with its own connection; the body is kept whatever the status. */
export function once(target: HttpTarget, spec: RequestSpec): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { ...target, method: spec.method, path: spec.path, headers: spec.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({
            status: res.statusCode ?? 0,
            bytes: body.length,
            body: body.toString('utf8'),
            headers: res.headers,
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(spec.body);
  });
}

class Tally {
  ok = 0;
  bodyBytes = 0;
  readonly statuses = new Map<number, number>();
  readonly errors = new Map<string, number>();
  readonly sampleErrors: string[] = [];

  record(answer: Answer | Error): boolean {
    if (!(answer instanceof Error) && ok(answer.status)) {
      this.ok++;
      this.bodyBytes += answer.bytes;
      this.statuses.set(answer.status, (this.statuses.get(answer.status) ?? 0) + 1);
      return true;
    }
    const key =
      answer instanceof Error
        ? ((answer as NodeJS.ErrnoException).code ?? answer.message)
        : String(answer.status);
    this.errors.set(key, (this.errors.get(key) ?? 0) + 1);
    if (this.sampleErrors.length < 3) {
      this.sampleErrors.push(answer instanceof Error ? answer.message : answer.body.slice(0, 300));
    }
    return false;
  }
}

const sorted = (values: number[]) => Float64Array.from(values).sort();

/** `concurrency` clients, each with its own keep-alive socket, until `total` requests are done. */
export async function closedLoop(
  target: HttpTarget,
  options: { concurrency: number; total: number; request: (n: number) => RequestSpec },
): Promise<LoadResult> {
  const agent = new Agent({
    keepAlive: true,
    maxSockets: options.concurrency,
    timeout: IDLE_SOCKET_MS,
  });
  const latencies: number[] = [];
  const tally = new Tally();
  let next = 0;
  const cpu = cpuSeconds();
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (next < options.total) {
        const spec = options.request(next++);
        const t0 = process.hrtime.bigint();
        const answer = await send(agent, target, spec).catch((e: Error) => e);
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        tally.record(answer);
      }
    }),
  );
  const seconds = secondsSince(started);
  agent.destroy();
  return {
    sent: options.total,
    ok: tally.ok,
    errors: tally.errors,
    statuses: tally.statuses,
    bodyBytes: tally.bodyBytes,
    seconds,
    latenciesMs: sorted(latencies),
    clientCpuSeconds: cpuSeconds() - cpu,
    sampleErrors: tally.sampleErrors,
  };
}

/** Requests at a fixed rate for `seconds`, whatever the server does (up to maxSockets open). */
export async function openLoop(
  target: HttpTarget,
  options: {
    ratePerSecond: number;
    seconds: number;
    request: (n: number) => RequestSpec;
    maxSockets?: number;
    /** Stop sending once the oldest unanswered request was scheduled this long ago. */
    giveUpAfterMs?: number;
  },
): Promise<LoadResult> {
  // Idle sockets are closed by the client (4 s) before the server's keep-alive timeout (5 s):
  // otherwise a stalled generator may send on a socket the server is closing (ECONNRESET).
  const agent = new Agent({
    keepAlive: true,
    maxSockets: options.maxSockets ?? 256,
    timeout: IDLE_SOCKET_MS,
  });
  const total = Math.round(options.ratePerSecond * options.seconds);
  const latencies: number[] = [];
  const service: number[] = [];
  const sendLag: number[] = [];
  const tally = new Tally();
  const inFlight: Promise<void>[] = [];
  const cpu = cpuSeconds();
  const started = process.hrtime.bigint();
  const startNs = Number(started);
  const giveUpNs = (options.giveUpAfterMs ?? 5_000) * 1e6;
  let sent = 0;
  let answered = 0;
  let abandoned = 0;
  let cancelled = false;
  const outstanding = new Set<ClientRequest>();
  await new Promise<void>((done) => {
    const tick = () => {
      const now = Number(process.hrtime.bigint());
      // Answers come back roughly in order: the `answered`-th scheduled instant approximates the
      // oldest request still waiting.
      if (
        sent > answered &&
        now - (startNs + (answered / options.ratePerSecond) * 1e9) > giveUpNs
      ) {
        abandoned = total - sent;
        done();
        return;
      }
      const due = Math.min(total, Math.floor(((now - startNs) / 1e9) * options.ratePerSecond) + 1);
      for (; sent < due; sent++) {
        const scheduled = startNs + (sent / options.ratePerSecond) * 1e9;
        const spec = options.request(sent);
        const t0 = Number(process.hrtime.bigint());
        sendLag.push((t0 - scheduled) / 1e6);
        inFlight.push(
          send(agent, target, spec, outstanding)
            .catch((e: Error) => e)
            .then((answer) => {
              if (cancelled) return;
              const t1 = Number(process.hrtime.bigint());
              latencies.push((t1 - scheduled) / 1e6);
              service.push((t1 - t0) / 1e6);
              answered++;
              tally.record(answer);
            }),
        );
      }
      if (sent >= total) done();
      else setTimeout(tick, 1);
    };
    tick();
  });
  if (abandoned > 0) {
    // The server is hopelessly behind: answers still to come would only measure the queue.
    // Destroying each request also drops those still queued in the agent (agent.destroy() alone
    // would let them go out on new sockets).
    cancelled = true;
    for (const req of outstanding) req.destroy();
    agent.destroy();
  }
  await Promise.all(inFlight);
  const seconds = secondsSince(started);
  agent.destroy();
  return {
    sent: total,
    ok: tally.ok,
    errors: tally.errors,
    statuses: tally.statuses,
    bodyBytes: tally.bodyBytes,
    seconds,
    latenciesMs: sorted(latencies),
    serviceMs: sorted(service),
    sendLagMs: sorted(sendLag),
    clientCpuSeconds: cpuSeconds() - cpu,
    sampleErrors: tally.sampleErrors,
    abandoned,
  };
}

export function latencyLine(ms: Float64Array): string {
  const p = (x: number) => fmt(percentile(ms, x), 2);
  return `p50 ${p(50)} ms, p90 ${p(90)} ms, p99 ${p(99)} ms, p99.9 ${p(99.9)} ms, max ${fmt(ms[ms.length - 1] ?? NaN, 2)} ms`;
}

export function errorLine(result: LoadResult): string {
  const abandoned = result.abandoned
    ? `; gave up after sending ${fmt(result.sent - result.abandoned)} of ${fmt(result.sent)} requests (server more than 5 s behind; ${fmt(result.sent - result.abandoned - result.ok)} unanswered requests cancelled)`
    : '';
  if (result.errors.size === 0) return `no errors${abandoned}`;
  const counts = [...result.errors.entries()].map(([k, v]) => `${k}×${v}`).join(', ');
  return `errors: ${counts}; e.g. ${result.sampleErrors[0] ?? ''}${abandoned}`;
}

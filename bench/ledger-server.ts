import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { mainThreadCpuSeconds, processCpuSeconds, processPeakRssMiB } from './machine';

/**
 * The ledger API as production runs it: `node dist/apps/ledger-api/src/main.js` in its own
 * process, configured through LEDGER_* variables, embedded SQLite store, projections in-process.
 * With a profile file, dist/bench/profile.js is preloaded and SIGWINCH starts/stops profiling.
 */
export interface LedgerServer {
  readonly host: string;
  readonly port: number;
  readonly pid: number;
  readonly dataDir: string;
  readonly sqlitePath: string;
  /** CPU seconds the server process has used so far. */
  cpuSeconds(): number;
  /** CPU seconds of its main thread (the event loop) alone. */
  mainThreadCpuSeconds(): number;
  peakRssMiB(): number;
  /** Toggles the CPU profiler (first call starts, second writes the file). */
  toggleProfile(): void;
  stop(): Promise<void>;
}

export interface StartOptions {
  dataDir: string;
  env?: Record<string, string>;
  cpuProfileFile?: string;
  timeoutMs?: number;
}

const MAIN = join(__dirname, '../apps/ledger-api/src/main.js');
/** The V8 flags the API and the projector ship with (scripts/start.sh, docker-compose.yml). */
export const SHIPPED_NODE_FLAGS = ['--max-semi-space-size=64'];
const PROFILE_HOOK = join(__dirname, 'profile.js');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** GET a path; resolves with status and body (rejects on connection errors). */
export function get(
  host: string,
  port: number,
  path: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host, port, path, method: 'GET', agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

export async function startLedgerServer(options: StartOptions): Promise<LedgerServer> {
  const host = '127.0.0.1';
  const port = await freePort();
  const sqlitePath = join(options.dataDir, 'ledger.sqlite');
  const logFile = join(options.dataDir, 'server.log');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    LEDGER_DATA_DIR: options.dataDir,
    LEDGER_SQLITE_PATH: sqlitePath,
    LEDGER_HOST: host,
    LEDGER_PORT: String(port),
    LEDGER_STORE: 'sqlite',
    LEDGER_PROJECTIONS: 'in-process',
    LEDGER_API_KEYS: '',
    // The benches measure the ledger, not authentication: open mode, on loopback only.
    LEDGER_OPEN_MODE: '1',
    LEDGER_DEMO: '',
    // A benchmark writes as fast as it can: the per-identity write limit would measure itself.
    LEDGER_RATE_LIMIT_WRITES: 'off',
    ...(options.cpuProfileFile ? { BENCH_CPU_PROFILE: options.cpuProfileFile } : {}),
    ...(options.env ?? {}),
  };
  const args = [
    ...SHIPPED_NODE_FLAGS,
    ...(options.cpuProfileFile ? ['-r', PROFILE_HOOK, MAIN] : [MAIN]),
  ];
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = createWriteStream(logFile);
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  for (;;) {
    if (child.exitCode !== null) {
      const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-2000) : '';
      throw new Error(`ledger server exited with ${child.exitCode}:\n${tail}`);
    }
    const health = await get(host, port, '/health/ready').catch(() => undefined);
    if (health?.status === 200) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`ledger server did not answer /health/ready on ${host}:${port}`);
    }
    await sleep(100);
  }
  const pid = child.pid!;
  return {
    host,
    port,
    pid,
    dataDir: options.dataDir,
    sqlitePath,
    cpuSeconds: () => processCpuSeconds(pid),
    mainThreadCpuSeconds: () => mainThreadCpuSeconds(pid),
    peakRssMiB: () => processPeakRssMiB(pid),
    toggleProfile: () => {
      if (options.cpuProfileFile) child.kill('SIGWINCH');
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited(child);
      clearTimeout(timer);
      log.end();
    },
  };
}

/** Waits until every view's lag is 0 (GET /projections/status); returns the seconds waited. */
export async function viewsCaughtUp(server: LedgerServer, timeoutMs = 600_000): Promise<number> {
  const started = Date.now();
  for (;;) {
    const status = await get(server.host, server.port, '/projections/status');
    const body = JSON.parse(status.body) as { views: { lag: string }[] };
    if (body.views.every((v) => v.lag === '0')) return (Date.now() - started) / 1000;
    if (Date.now() - started > timeoutMs) throw new Error('views did not catch up');
    await sleep(50);
  }
}

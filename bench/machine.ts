import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';

/** The machine a benchmark ran on, printed with every figure. */
export function machine(): string {
  const cpu = cpus();
  return `${cpu.length} cores (${cpu[0]?.model ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, ${platform()} ${release()}`;
}

/**
 * 1/5/15-minute load averages and the commit measured. The machine may be shared (other test
 * runs): a load above the core count means wall-clock figures are inflated by CPU contention,
 * which is why the benchmarks also print CPU time per unit of work.
 */
export function conditions(): string {
  const [one, five, fifteen] = loadavg().map((l) => l.toFixed(2));
  let commit = 'unknown';
  try {
    const head = execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
    const dirty = execSync('git status --porcelain --untracked-files=no', {
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .toString()
      .trim();
    commit = dirty ? `${head} + uncommitted changes` : head;
  } catch {
    /* not a git checkout */
  }
  return `load average ${one} / ${five} / ${fifteen} (1/5/15 min), commit ${commit}, ${new Date().toISOString()}`;
}

/** Peak resident set size of this process so far (Linux VmHWM), in MiB. */
export function peakRssMiB(): number {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const kb = /VmHWM:\s+(\d+) kB/.exec(status);
    if (kb) return Number(kb[1]) / 1024;
  } catch {
    /* not Linux */
  }
  return process.memoryUsage().rss / 2 ** 20;
}

/** CPU seconds (user + system) this process has used so far. */
export function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** CPU seconds (user + system) used so far by another process (Linux /proc), NaN elsewhere. */
export function processCpuSeconds(pid: number | string): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesized command name; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticksPerSecond = 100; // USER_HZ on Linux
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  } catch {
    return NaN;
  }
}

/**
 * CPU seconds of a process's main thread alone (its event loop; Linux /proc, NaN elsewhere):
 * with writer and validator threads beside it, the process total no longer says what bounds a
 * single-loop server's rate.
 */
export function mainThreadCpuSeconds(pid: number = process.pid): number {
  return processCpuSeconds(`${pid}/task/${pid}`);
}

/** Peak resident set size (VmHWM) of another process, in MiB; NaN when unknown. */
export function processPeakRssMiB(pid: number): number {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return kb ? Number(kb[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** "12.3% of ceiling" */
export const ratio = (value: number, ceiling: number) =>
  `${((100 * value) / ceiling).toFixed(1)}% of ceiling`;

/** Seconds since `started` (process.hrtime.bigint()). */
export const secondsSince = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e9;

/**
 * The header of a benchmark's output: the machine (unless a runner already printed it, see
 * bench/run-all.sh) and the conditions of this run.
 */
export function printHeader(): void {
  if (!process.env.BENCH_MACHINE_PRINTED) console.log(`machine: ${machine()}`);
  console.log(`conditions: ${conditions()}`);
}

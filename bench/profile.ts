import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';

/**
 * CPU profiling of just the measured part of a benchmark (not start-up), written as a
 * .cpuprofile that Chrome DevTools opens and bench/cpu-profile-summary.ts summarizes.
 */
export class CpuProfiler {
  private readonly session = new Session();

  private post<T>(method: string, params?: object): Promise<T> {
    return new Promise((resolve, reject) =>
      this.session.post(method, params ?? {}, (error, result) =>
        error ? reject(error) : resolve(result as T),
      ),
    );
  }

  async start(samplingIntervalUs = 500): Promise<void> {
    this.session.connect();
    await this.post('Profiler.enable');
    await this.post('Profiler.setSamplingInterval', { interval: samplingIntervalUs });
    await this.post('Profiler.start');
  }

  async stop(file: string): Promise<void> {
    const { profile } = await this.post<{ profile: unknown }>('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    this.session.disconnect();
  }
}

/** Runs `work`, profiled into `file` when a file is given. */
export async function profiled<T>(file: string | undefined, work: () => Promise<T>): Promise<T> {
  if (!file) return work();
  const profiler = new CpuProfiler();
  await profiler.start();
  try {
    return await work();
  } finally {
    await profiler.stop(file);
  }
}

/**
 * Preload hook for a server child process (`node -r dist/bench/profile.js main.js` with
 * BENCH_CPU_PROFILE=<file>): the first SIGWINCH starts profiling (not SIGUSR2: Nest's
 * enableShutdownHooks() treats SIGUSR2 as a shutdown signal), the second writes the profile,
 * so the profile covers the measured window only. Nothing happens without BENCH_CPU_PROFILE.
 */
function installSignalHook(file: string): void {
  let profiler: CpuProfiler | undefined;
  process.on('SIGWINCH', () => {
    if (!profiler) {
      profiler = new CpuProfiler();
      void profiler.start();
      return;
    }
    const running = profiler;
    profiler = undefined;
    void running.stop(file).then(() => process.stderr.write(`cpu profile written to ${file}\n`));
  });
}

if (require.main !== module && process.env.BENCH_CPU_PROFILE) {
  installSignalHook(process.env.BENCH_CPU_PROFILE);
}

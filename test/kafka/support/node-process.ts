import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export const DIST = join(__dirname, '..', '..', '..', 'dist', 'apps');
export const PROJECTOR = join(DIST, 'projector', 'src', 'main.js');
export const INSURER = join(DIST, 'insurer-example', 'src', 'main.js');

/** A built app run as a child process, its output kept line by line. */
export class NodeProcess {
  readonly lines: string[] = [];
  readonly stderr: string[] = [];
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;

  constructor(script: string, env: NodeJS.ProcessEnv) {
    this.child = spawn(process.execPath, [script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let partial = '';
    this.child.stdout!.on('data', (chunk: Buffer) => {
      const text = partial + chunk.toString();
      const parts = text.split('\n');
      partial = parts.pop() ?? '';
      this.lines.push(...parts);
    });
    this.child.stderr!.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString()));
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  /** Resolves with the first line (from `from` on) that passes `test`. */
  async line(test: (line: string) => boolean, timeoutMs = 60_000, from = 0): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (let i = from; ;) {
      for (; i < this.lines.length; i++) if (test(this.lines[i])) return this.lines[i];
      if (this.child.exitCode !== null) throw new Error(`process exited: ${this.output()}`);
      if (Date.now() > deadline)
        throw new Error(`no such line within ${timeoutMs} ms: ${this.output()}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  async kill(signal: NodeJS.Signals): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }

  output(): string {
    return [...this.lines.slice(-20), ...this.stderr.slice(-20)].join('\n');
  }
}

import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunnerLock, RunnerLockHeldError } from './runner-lock';

describe('RunnerLock: one process runs the embedded projections', () => {
  const log = () => join(mkdtempSync(join(tmpdir(), 'runner-lock-')), 'ledger.sqlite');

  it('a second holder is refused, naming the first; released, it can be taken again', () => {
    const path = log();
    const first = RunnerLock.acquire(path, 'ledger-api');
    let refusal: unknown;
    try {
      RunnerLock.acquire(path, 'projector');
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(RunnerLockHeldError);
    expect((refusal as RunnerLockHeldError).holder).toMatchObject({
      pid: process.pid,
      role: 'ledger-api',
    });
    expect((refusal as Error).message).toContain(`pid ${process.pid}`);
    first.release();
    RunnerLock.acquire(path, 'projector').release();
  });

  it('a holder killed with SIGKILL leaves no stale lock', () => {
    const path = log();
    // The child loads the TypeScript module through swc, takes the lock, and dies holding it.
    const script = `
      const swc = require('@swc/core');
      require.extensions['.ts'] = (m, f) => m._compile(swc.transformFileSync(f, {
        jsc: { parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }).code, f);
      const { RunnerLock } = require(${JSON.stringify(join(__dirname, 'runner-lock.ts'))});
      RunnerLock.acquire(${JSON.stringify(path)}, 'doomed');
      require('fs').writeSync(1, 'locked');
      process.kill(process.pid, 'SIGKILL');`;
    let child: { signal?: string; stdout?: Buffer } = {};
    try {
      execFileSync(process.execPath, ['-e', script], { stdio: 'pipe' });
    } catch (error) {
      child = error as typeof child;
    }
    expect(child.signal).toBe('SIGKILL');
    expect(String(child.stdout)).toBe('locked');
    RunnerLock.acquire(path, 'survivor').release();
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { lockfileProblems } = require('./check-lockfile.js') as {
  lockfileProblems: (lock: unknown) => string[];
};

type Lock = { packages: Record<string, Record<string, unknown>> };
const committed = (): Lock =>
  JSON.parse(readFileSync(join(__dirname, '..', 'package-lock.json'), 'utf8')) as Lock;

describe('package-lock.json installs the same on every machine (issue 18)', () => {
  it('the committed lockfile lists every optional platform package', () => {
    expect(lockfileProblems(committed())).toEqual([]);
  });

  it('has @swc/core binaries for linux-x64, darwin-arm64, darwin-x64 and win32-x64', () => {
    const { packages } = committed();
    for (const name of ['linux-x64-gnu', 'darwin-arm64', 'darwin-x64', 'win32-x64-msvc']) {
      expect(packages[`node_modules/@swc/core-${name}`]).toBeDefined();
    }
  });

  it('fails, naming the package, when a platform entry is missing', () => {
    const lock = committed();
    delete lock.packages['node_modules/@swc/core-win32-x64-msvc'];
    expect(lockfileProblems(lock)).toEqual([
      'node_modules/@swc/core: optional dependency @swc/core-win32-x64-msvc has no lockfile entry',
      'node_modules/@swc/core: no native package for win32-x64',
    ]);
  });

  it('fails when a native package covers only some platforms', () => {
    const lock = {
      packages: {
        '': {},
        'node_modules/native': {
          optionalDependencies: { 'native-linux-x64': '1.0.0', 'native-darwin-arm64': '1.0.0' },
        },
        'node_modules/native-linux-x64': { os: ['linux'], cpu: ['x64'] },
        'node_modules/native-darwin-arm64': { os: ['darwin'], cpu: ['arm64'] },
      },
    };
    expect(lockfileProblems(lock)).toEqual([
      'node_modules/native: no native package for darwin-x64',
      'node_modules/native: no native package for win32-x64',
    ]);
  });
});

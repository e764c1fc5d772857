import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const DIST = join(__dirname, '..', 'dist', 'apps');
const API = join(DIST, 'ledger-api', 'src', 'main.js');
const PROJECTOR = join(DIST, 'projector', 'src', 'main.js');
/** Fail fast: the 5 s connect timeout, plus Node and Nest start-up, with room for a slow CI. */
const FAST_MS = 15_000;

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
  ms: number;
}

/** Runs a built app with only the given LEDGER_* settings (none inherited from this shell). */
function run(main: string, settings: Record<string, string>): Promise<Exit> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-production-config-'));
  const env: NodeJS.ProcessEnv = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('LEDGER_')),
  );
  // Open mode on loopback unless a test says otherwise: these tests are about other settings.
  Object.assign(
    env,
    { LEDGER_DATA_DIR: dir, LEDGER_PORT: '0', NO_COLOR: '1', LEDGER_OPEN_MODE: '1' },
    settings,
  );
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [main], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), FAST_MS * 2);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
      resolve({ code, signal, output, ms: Date.now() - started });
    });
  });
}

function expectFastFailure(exit: Exit, ...messages: RegExp[]): void {
  expect(exit.signal).toBeNull(); // not killed by our timer: it stopped on its own
  expect(exit.code).not.toBe(0);
  expect(exit.ms).toBeLessThan(FAST_MS);
  for (const message of messages) expect(exit.output).toMatch(message);
}

const UNREACHABLE = 'kurrentdb://127.0.0.1:1?tls=false';

describe('Production configuration (issue 6 §5): the store is chosen and checked at start-up', () => {
  beforeAll(() => {
    for (const main of [API, PROJECTOR]) {
      if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` first`);
    }
  });

  it('the API stops within seconds when nothing answers at LEDGER_KURRENTDB_URL, naming it', async () => {
    const exit = await run(API, { LEDGER_STORE: 'kurrentdb', LEDGER_KURRENTDB_URL: UNREACHABLE });
    expectFastFailure(
      exit,
      /LEDGER_KURRENTDB_URL: KurrentDB at kurrentdb:\/\/127\.0\.0\.1:1/,
      /unreachable/,
    );
  });

  it('the projector does the same', async () => {
    const exit = await run(PROJECTOR, {
      LEDGER_STORE: 'kurrentdb',
      LEDGER_KURRENTDB_URL: UNREACHABLE,
    });
    expectFastFailure(exit, /LEDGER_KURRENTDB_URL: KurrentDB at .* is unreachable/);
  });

  it('a malformed URL is refused before any connection, naming the variable', async () => {
    const exit = await run(API, {
      LEDGER_STORE: 'kurrentdb',
      LEDGER_KURRENTDB_URL: 'http://kurrentdb:2113',
    });
    expectFastFailure(exit, /LEDGER_KURRENTDB_URL: unknown scheme "http:\/\/"/);
  });

  it('a URL that does not parse is refused the same way', async () => {
    const exit = await run(API, {
      LEDGER_STORE: 'kurrentdb',
      LEDGER_KURRENTDB_URL: 'kurrentdb://db:2113?tls=maybe',
    });
    expectFastFailure(exit, /LEDGER_KURRENTDB_URL: tls must be true or false/);
  });

  it('LEDGER_STORE=kurrentdb without a URL says which variable is missing', async () => {
    const exit = await run(API, { LEDGER_STORE: 'kurrentdb' });
    expectFastFailure(exit, /LEDGER_KURRENTDB_URL: must be set when LEDGER_STORE=kurrentdb/);
  });

  it('an unknown store is refused, naming LEDGER_STORE and the supported ones', async () => {
    const exit = await run(API, { LEDGER_STORE: 'postgres' });
    expectFastFailure(
      exit,
      /LEDGER_STORE: unknown store "postgres" \(supported: sqlite, kurrentdb\)/,
    );
  });
});

describe('Access at start-up (issue 12): open mode only on loopback, never without being asked for', () => {
  it('open mode refuses to start on a non-loopback address, naming LEDGER_OPEN_MODE', async () => {
    const exit = await run(API, { LEDGER_HOST: '0.0.0.0', LEDGER_OPEN_MODE: '1' });
    expectFastFailure(
      exit,
      /LEDGER_OPEN_MODE: open mode \(no authentication\) is refused on 0\.0\.0\.0/,
    );
  });

  it('without credentials and without open mode the API does not start, saying what to set', async () => {
    const exit = await run(API, { LEDGER_OPEN_MODE: '0' });
    expectFastFailure(exit, /LEDGER_API_KEYS: no credentials configured/);
  });

  it('an access file that does not check stops the start-up, naming the file and the value', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-access-file-'));
    const file = join(dir, 'access.json');
    writeFileSync(
      file,
      JSON.stringify({ identities: [{ id: 'x', role: 'mayor', keyHashes: [] }] }),
    );
    const exit = await run(API, {
      LEDGER_OPEN_MODE: '0',
      LEDGER_ACCESS_FILE: file,
      LEDGER_HOST: '0.0.0.0',
    });
    expectFastFailure(
      exit,
      /LEDGER_ACCESS_FILE: .*access\.json: \/identities\/0\/role must be equal to one of the allowed values/,
    );
  });
});

import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { INestApplication } from '@nestjs/common';
import { loadAccessConfig, parseAccessFile, parseEnvKeys } from '@ledger/access';
import { FixedClock } from '@ledger/ledger';
import { createLedgerApp } from '../apps/ledger-api/src/create-ledger-app';
import { testAccess, testConfig } from './support/ledger-test-app';

const run = promisify(execFile);
const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist', 'apps', 'ledger-cli', 'src', 'main.js');

function blocks(file: string): { lang: string; text: string }[] {
  const md = readFileSync(join(ROOT, file), 'utf8');
  return [...md.matchAll(/```(\w*)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1], text: m[2] }));
}
const block = (file: string, lang: string, contains: string) => {
  const found = blocks(file).find((b) => b.lang === lang && b.text.includes(contains));
  if (!found) throw new Error(`${file}: no ${lang} block with ${contains}`);
  return found.text;
};

/** Runs a shell example against a ledger on another port, as a reader would run it. */
async function runExample(app: INestApplication, script: string): Promise<string> {
  await app.listen(0, '127.0.0.1');
  const port = new URL(await app.getUrl()).port;
  const cwd = mkdtempSync(join(tmpdir(), 'ledger-example-'));
  const { stdout } = await run(
    'bash',
    ['-eu', '-c', script.replaceAll('localhost:3000', `localhost:${port}`)],
    {
      cwd,
    },
  );
  return stdout;
}

/** Every example of docs/access.md and the README's quick start, executed. */
describe('examples in docs/access.md and README (issue 12)', () => {
  it('the LEDGER_API_KEYS and access-file examples are valid configuration', () => {
    const env = block('docs/access.md', 'env', 'LEDGER_API_KEYS=').trim();
    const keys = parseEnvKeys(env.slice('LEDGER_API_KEYS='.length));
    expect(keys.map((k) => [k.identity.id, k.identity.role])).toEqual([
      ['ningdu-clerk', 'operator'],
      ['yuyao-t01', 'township_official'],
      ['picc', 'insurer'],
      ['city-audit', 'auditor'],
    ]);
    const file = parseAccessFile(block('docs/access.md', 'json', '"identities"'), 'docs/access.md');
    expect(file.map((e) => e.identity.id)).toEqual([
      'ningdu-clerk',
      'yuyao-district-1',
      'picc',
      'privacy',
    ]);
  });

  it('the access-key command prints a key, an access-file entry and an environment entry that work', async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
    const example = block('docs/access.md', 'bash', 'access-key');
    const args = example.trim().replace(/^npm run ledger -- /, '');
    const { stdout } = await run('bash', ['-c', `node ${CLI} ${args}`]);
    const key = /[:：] ?(\S{43})\n/.exec(stdout)![1];
    const entry = JSON.parse(stdout.slice(stdout.indexOf('{'), stdout.lastIndexOf('}') + 1));
    const [fromFile] = parseAccessFile(JSON.stringify({ identities: [entry] }), 'cli');
    expect(fromFile.identity).toEqual({
      id: 'yuyao-t01',
      role: 'township_official',
      scope: { plans: ['yuyao-2024'], townships: ['t01'] },
      via: 'api-key',
    });
    const envLine = /LEDGER_API_KEYS 条目[:：] ?(\S+)/.exec(stdout)![1];
    const [fromEnv] = parseEnvKeys(envLine);
    expect(fromEnv).toEqual({ ...fromFile, source: 'LEDGER_API_KEYS entry 1' });
    expect(stdout).not.toContain(`"${key}"`);
    expect(JSON.stringify(entry)).not.toContain(key);
  });

  it('the session example logs in, reads with the cookie and logs out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-docs-'));
    const env = block('docs/access.md', 'env', 'LEDGER_API_KEYS=').trim();
    const access = loadAccessConfig(
      { LEDGER_API_KEYS: env.slice('LEDGER_API_KEYS='.length) },
      { host: '127.0.0.1', dataDir: dir },
    );
    const app = await createLedgerApp({
      config: testConfig(dir),
      access,
      clock: new FixedClock(Date.parse('2023-11-20T10:00:00+08:00')),
      logger: false,
    });
    try {
      const out = await runExample(app, block('docs/access.md', 'bash', 'cookies.txt'));
      expect(out).toContain('"planId":"yuyao-2024"');
      expect(out).toContain('"role":"township_official"');
    } finally {
      await app.close();
    }
  });

  it('the README quick-start requests work on an open-mode ledger', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-readme-'));
    const app = await createLedgerApp({
      config: testConfig(dir),
      access: testAccess(),
      clock: new FixedClock(Date.parse('2023-12-20T10:00:00+08:00')),
      logger: false,
    });
    try {
      const out = await runExample(app, block('README.md', 'bash', '/enrollments'));
      expect(out).toContain('"planId":"ganzhou-2024"');
      expect(out).toContain('"personRef"');
    } finally {
      await app.close();
    }
  });
});

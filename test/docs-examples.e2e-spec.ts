import { INestApplication } from '@nestjs/common';
import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import request from 'supertest';
import { FixedClock, ImportJobs, parseClaimCsv } from '@ledger/ledger';
import { createLedgerApp } from '../apps/ledger-api/src/create-ledger-app';
import { testAccess, testConfig } from './support/ledger-test-app';
import {
  BLOCKS_RUN_ELSEWHERE,
  DOCS_RUN_ELSEWHERE,
  REQUEST_EXAMPLE_DOCS,
} from './support/request-example-docs';

/**
 * Every example in README.md and docs/*.md is run (issue 15 §7):
 * - shell blocks: `curl` against a test ledger (2xx unless the comment ends `(HTTP 4xx)`),
 *   the command line (`npm run ledger -- …`, the compiled CLI, exit 0 unless `(exit N)`; a
 *   read-only one on the docs' example enrollments when the doc has written nothing yet), the
 *   standalone audit verifier (`node tools/audit-verifier/…`, as an auditor runs it), and
 *   SQLite maintenance statements on an SQLite file in WAL mode; commands that start servers,
 *   brokers or containers cannot run here and are checked statically (the script, file, service
 *   or npm script they name exists), and said so in the test's name;
 * - transcripts (a text block of `$ command` lines and the output expected, `…` for anything):
 *   the command is run and every expected line must appear;
 * - JSON: a request body is sent, a problem document or a seal is compared with a real one;
 * - JSON Lines: imported with the CLI; CSV: a header the import reads, or a copy of a file of
 *   docs/examples that must match it; TypeScript: parsed (the Kafka suites run that code);
 * - inline `npm run ledger -- …` commands in the prose run like the shell blocks.
 * A block none of these recognises fails the test: a new example must be runnable.
 */
const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist', 'apps', 'ledger-cli', 'src', 'main.js');
const DOCS = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`),
];

interface Block {
  file: string;
  line: number;
  lang: string;
  /** What follows the language on the fence (```json 201: "201"). */
  info?: string;
  text: string;
  inline?: boolean;
}

/** Fenced blocks (``` at the start of a line) and inline `npm run ledger -- …` commands. */
function examplesOf(file: string): Block[] {
  const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^ {0,3}```(\w*)(?:[ \t]+([^`]*?))?\s*$/.exec(lines[i]);
    if (open) {
      const start = i;
      const body: string[] = [];
      for (i++; i < lines.length && !/^ {0,3}```\s*$/.test(lines[i]); i++) body.push(lines[i]);
      blocks.push({
        file,
        line: start + 1,
        lang: open[1],
        ...(open[2] ? { info: open[2] } : {}),
        text: body.join('\n'),
      });
      continue;
    }
    for (const m of lines[i].matchAll(/`(npm run ledger -- [^`]+)`/g)) {
      // Placeholders (<planId>, [options], …) are a command's shape, not an example to run.
      if (!/[<[…]/.test(m[1]))
        blocks.push({ file, line: i + 1, lang: 'sh', text: m[1], inline: true });
    }
  }
  return blocks;
}

/**
 * The commands of a shell block: a line break ends a command unless it is escaped or inside
 * quotes (a curl body spread over lines); comment-only and blank lines are dropped.
 */
function shellCommands(text: string): string[] {
  const commands: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
      current += c;
    } else if (c === '\\' && text[i + 1] === '\n') {
      i++;
    } else if (c === '\n') {
      commands.push(current);
      current = '';
    } else {
      // A # starts a comment only at a word's start: quotes in comments ("healthy") do not count.
      if (c === '#' && (current === '' || /\s$/.test(current))) {
        const end = text.indexOf('\n', i);
        current += text.slice(i, end < 0 ? text.length : end);
        i = (end < 0 ? text.length : end) - 1;
        continue;
      }
      if (c === "'" || c === '"') quote = c;
      current += c;
    }
  }
  commands.push(current);
  return commands.map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
}

const ENV_PREFIX = /^(?:[A-Z_][A-Z0-9_]*=(?:'[^']*'|"[^"]*"|\S+)\s+)+/;

type Run = { code: number; stdout: string; stderr: string };

/** Read-only commands: they need a ledger to read and never create one. */
const READS_A_LEDGER = /^npm run ledger -- (verify|audit (latest-seal|export))\b/;

/** One markdown file's examples share a ledger over HTTP and a data directory for the CLI. */
class DocContext {
  readonly cwd = mkdtempSync(join(tmpdir(), 'docs-examples-'));
  readonly env: NodeJS.ProcessEnv;
  private app?: INestApplication;
  private port = 0;

  constructor() {
    symlinkSync(join(ROOT, 'docs'), join(this.cwd, 'docs'));
    // The standalone audit verifier is run as an auditor runs it: from tools/, on the bundle.
    symlinkSync(join(ROOT, 'tools'), join(this.cwd, 'tools'));
    mkdirSync(join(this.cwd, 'data'));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      LANG: 'C.UTF-8',
      LEDGER_DATA_DIR: join(this.cwd, 'data'),
      LEDGER_PERSON_REF_KEY: randomBytes(32).toString('base64'),
      LEDGER_MASTER_KEY: randomBytes(32).toString('base64'),
    };
    delete env.LEDGER_LANG;
    delete env.LC_ALL;
    delete env.LC_MESSAGES;
    this.env = env;
  }

  /** The HTTP ledger, its clock inside 000's enrollment window (examples date themselves there). */
  async http(): Promise<{ app: INestApplication; port: number }> {
    if (!this.app) {
      const dir = mkdtempSync(join(tmpdir(), 'docs-examples-http-'));
      this.app = await createLedgerApp({
        config: testConfig(dir),
        access: testAccess(),
        clock: new FixedClock(Date.parse('2024-01-20T10:00:00+08:00')),
        logger: false,
      });
      await this.app.listen(0, '127.0.0.1');
      this.port = (this.app.getHttpServer().address() as { port: number }).port;
    }
    // A job's status or results file as the example shows them: after the jobs have run.
    await this.app.get(ImportJobs).whenIdle();
    return { app: this.app, port: this.port };
  }

  async close(): Promise<void> {
    await this.app?.close();
  }

  /**
   * A read-only command (verify, audit export, …) reads a ledger the doc assumes exists: when this
   * doc's examples have not written one yet, the docs' example enrollments are imported first.
   */
  async ensureLedger(): Promise<void> {
    if (existsSync(join(this.env.LEDGER_DATA_DIR!, 'ledger.sqlite'))) return;
    const imported =
      'npm run ledger -- import-enrollments ganzhou-2024 docs/examples/enrollments.jsonl';
    expectRun(imported, await this.shell(imported));
  }

  /** A command line as the docs write it, run by bash in this file's directory. */
  async shell(command: string): Promise<Run> {
    let script = command.replace(/\bnpm run ledger -- /g, `node ${CLI} `);
    if (/\bcurl\b/.test(script)) {
      const { port } = await this.http();
      script =
        `curl() { command curl -w '%{stderr}HTTP %{http_code}\\n' "$@"; }\n` +
        script.replace(/localhost:3000/g, `127.0.0.1:${port}`);
    }
    return new Promise((resolve) => {
      execFile(
        'bash',
        ['-c', script],
        { cwd: this.cwd, env: this.env, maxBuffer: 64 * 1024 * 1024 },
        (error, stdout, stderr) =>
          resolve({
            code: error ? Number((error as { code?: number }).code ?? 1) : 0,
            stdout,
            stderr: error && !stderr ? String(error) : stderr,
          }),
      );
    });
  }
}

/** An expected output line with `…` for anything: a regular expression for a whole line. */
const pattern = (expected: string) =>
  new RegExp(
    `^${expected
      .split('…')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );

function expectRun(command: string, run: Run): void {
  const exit = /#.*\(exit (\d)\)\s*$/.exec(command);
  const http = /#.*\(HTTP (\d{3})\)\s*$/.exec(command);
  const statuses = [...run.stderr.matchAll(/^HTTP (\d{3})$/gm)].map((m) => Number(m[1]));
  const context = `${command}\n--- stdout\n${run.stdout.slice(0, 3000)}\n--- stderr\n${run.stderr.slice(0, 3000)}`;
  expect({ context, code: run.code }).toEqual({ context, code: exit ? Number(exit[1]) : 0 });
  for (const status of statuses) {
    if (http) expect({ context, status }).toEqual({ context, status: Number(http[1]) });
    else expect({ context, ok: status >= 200 && status < 300 }).toEqual({ context, ok: true });
  }
}

/** What cannot run here (servers, brokers, containers, benchmarks): what it names must exist. */
function staticCheck(command: string): string | undefined {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const bare = command
    .replace(ENV_PREFIX, '')
    .replace(/\s*&\s*$/, '')
    .replace(/\s+#.*$/, '');
  const [tool, ...args] = bare.split(/\s+/);
  const exists = (path: string) =>
    expect({ path, exists: existsSync(join(ROOT, path)) }).toEqual({ path, exists: true });
  if (tool === 'export') {
    // A setting for the commands after it: a variable the README's configuration table explains.
    const variable = args[0].split('=')[0];
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain(`\`${variable}\``);
    return `${variable}: a setting documented in README's configuration table`;
  }
  if (tool === 'npm') {
    const script = args[0] === 'run' ? args[1] : args[0];
    expect(Object.keys(pkg.scripts)).toContain(script);
    return `npm ${script}: the script exists (it starts a server or runs for minutes)`;
  }
  if (tool === 'bash' || tool === 'node') {
    exists(args[0]);
    return `${args[0]} exists (it needs a Kafka broker or runs as a service)`;
  }
  if (tool === 'docker-compose') {
    exists('docker-compose.yml');
    const service = args[0] === 'logs' ? args.filter((a) => !a.startsWith('-'))[1] : undefined;
    if (service)
      expect(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')).toContain(`  ${service}:`);
    return 'docker-compose.yml has it (no Docker engine on these machines)';
  }
  if (tool === 'npx' && args[0] === 'jest') {
    exists(args[2]);
    expect(
      readdirSync(join(ROOT, args[3], '..')).some((f) =>
        join(args[3], '..', f).startsWith(args[3]),
      ),
    ).toBe(true);
    return 'the jest config and suite exist (it needs a KurrentDB server)';
  }
  return undefined;
}

/** `sqlite3 FILE 'SQL'`: the statements run on an SQLite file in WAL mode, as the ledger's are. */
function runSqlite(command: string): void {
  const m = /^sqlite3\s+(\S+)\s+'([^']+)'$/.exec(command.replace(/\s+#.*$/, ''));
  expect(m).not.toBeNull();
  const dir = mkdtempSync(join(tmpdir(), 'docs-sqlite-'));
  const file = join(dir, 'copy.sqlite');
  const db = new Database(file);
  db.exec('PRAGMA journal_mode=WAL; CREATE TABLE t (x); INSERT INTO t VALUES (1);');
  db.exec(m![2]);
  expect(db.prepare('PRAGMA page_size').get()).toEqual({ page_size: 16384 });
  expect(db.prepare('SELECT x FROM t').all()).toEqual([{ x: 1 }]);
  db.close();
}

/** A problem document example: a real one for the same rule has the same shape and values. */
const PROBLEM_REQUESTS: Record<string, (http: ReturnType<typeof request>) => request.Test> = {
  'enrollment.knownTownship': (http) =>
    http.post('/plans/ganzhou-2024/enrollments').send({
      person: { idNumber: '360730198005060112' },
      basicInsurance: { scheme: 'resident', insuredRegionCode: '360730' },
      townshipId: 't99',
      contributions: [{ source: 'individual', amountFen: 10000 }],
    }),
};

/**
 * What a value looks like without what varies between runs: keys, JSON types, and for strings
 * their kind (hex digest, base64, instant, decimal position, UUID, name).
 */
function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shapeOf);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => [k, shapeOf(v)]),
    );
  if (typeof value !== 'string') return typeof value;
  if (/^[0-9a-f]{64}$/.test(value)) return 'sha256 hex';
  if (/^\d+$/.test(value)) return 'decimal';
  if (/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(value)) return 'instant';
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value)) return 'uuid';
  if (/^[A-Za-z0-9+/]{86}==$/.test(value)) return 'ed25519 signature base64';
  return value;
}

/** A seal the ledger really published: the docs' example enrollments imported, then sealed. */
async function realPublishedSeal(ctx: DocContext): Promise<Record<string, unknown>> {
  const file = join(ctx.env.LEDGER_DATA_DIR!, 'published-seal.json');
  if (!existsSync(file)) {
    const imported =
      'npm run ledger -- import-enrollments ganzhou-2024 docs/examples/enrollments.jsonl';
    expectRun(imported, await ctx.shell(imported));
    expectRun('audit seal', await ctx.shell('npm run ledger -- audit seal'));
  }
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

async function runJson(ctx: DocContext, text: string): Promise<string> {
  const value = JSON.parse(text) as Record<string, unknown>;
  const { app } = await ctx.http();
  const http = request(app.getHttpServer());
  if (Array.isArray(value.enrollments)) {
    const res = await http.post('/plans/ganzhou-2024/enrollment-batches').send(value).expect(200);
    expect(res.body.summary).toMatchObject({ enrolled: value.enrollments.length });
    return 'sent to POST /plans/ganzhou-2024/enrollment-batches';
  }
  if (typeof value.type === 'string' && value.type.startsWith('urn:huiminbao-ledger:problem:')) {
    const errors = value.errors as { rule: string; field: string; messages: object }[];
    const send = PROBLEM_REQUESTS[errors[0].rule];
    expect(send).toBeDefined();
    const real = (await send(http)).body as Record<string, unknown>;
    expect(Object.keys(real).sort()).toEqual(Object.keys(value).sort());
    for (const key of ['type', 'title', 'status', 'instance'])
      expect(real[key]).toEqual(value[key]);
    const [item] = real.errors as Record<string, unknown>[];
    expect(Object.keys(item).sort()).toEqual(Object.keys(errors[0]).sort());
    expect(item).toMatchObject({ field: errors[0].field, rule: errors[0].rule });
    return 'compared with a real problem document';
  }
  if (value.format === 'huiminbao-ledger.published-seal' || (value.body && value.signature)) {
    const published = await realPublishedSeal(ctx);
    const real = value.format ? published : (published.seal as Record<string, unknown>);
    expect(shapeOf(value)).toEqual(shapeOf(real));
    return 'same shape as a seal the ledger published (CLI audit seal)';
  }
  throw new Error(`a JSON example nobody runs: ${text.slice(0, 80)}`);
}

async function runBlock(ctx: DocContext, block: Block): Promise<string> {
  const text = block.text;
  const elsewhere =
    DOCS_RUN_ELSEWHERE[block.file] ?? BLOCKS_RUN_ELSEWHERE[block.file]?.[block.lang];
  if (elsewhere) return `run by ${elsewhere}`;
  if (
    REQUEST_EXAMPLE_DOCS.includes(block.file) &&
    (block.lang === 'http' || (block.lang === 'json' && /^\d{3}$/.test(block.info ?? '')))
  )
    return 'run in order, with its answer, by test/doc-examples.e2e-spec.ts';
  if (['bash', 'sh'].includes(block.lang)) {
    const notes: string[] = [];
    for (const command of shellCommands(text)) {
      const bare = command.replace(ENV_PREFIX, '');
      if (
        /^(curl|npm run ledger -- |node tools\/audit-verifier\/)/.test(bare) &&
        bare === command
      ) {
        if (READS_A_LEDGER.test(bare)) await ctx.ensureLedger();
        expectRun(command, await ctx.shell(command));
        notes.push(bare.split(' ').slice(0, 4).join(' '));
      } else if (bare.startsWith('sqlite3 ')) {
        runSqlite(bare);
        notes.push('sqlite3 statements run on a copy');
      } else {
        const reason = staticCheck(command);
        if (!reason)
          throw new Error(`${block.file}:${block.line}: a command nobody runs: ${command}`);
        notes.push(reason);
      }
    }
    return notes.join('; ');
  }
  if (/^\$ /m.test(text) && text.startsWith('$ ')) {
    const steps = text.split(/^\$ /m).filter(Boolean);
    for (const step of steps) {
      const [command, ...expected] = step.split('\n').filter((l) => l !== '');
      const run = await ctx.shell(command);
      expectRun(command, run);
      const lines = run.stdout.replace(/^\uFEFF/, '').split(/\r?\n/);
      for (const line of expected) {
        const re = pattern(line);
        expect({ command, expected: line, found: lines.some((l) => re.test(l)) }).toEqual({
          command,
          expected: line,
          found: true,
          ...(lines.some((l) => re.test(l)) ? {} : { actual: lines }),
        });
      }
    }
    return `transcript of ${steps.length} command(s)`;
  }
  if (block.lang === 'json') return runJson(ctx, text);
  if (block.lang === 'ts') {
    const out = ts.transpileModule(text, {
      reportDiagnostics: true,
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    });
    expect(out.diagnostics ?? []).toEqual([]);
    return 'TypeScript parsed (test/kafka runs this code against a broker)';
  }
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (
    block.lang === 'csv' ||
    (block.lang === 'text' && /,/.test(lines[0]) && !lines[0].startsWith('{'))
  ) {
    const copy = readdirSync(join(ROOT, 'docs', 'examples')).find(
      (f) => readFileSync(join(ROOT, 'docs', 'examples', f), 'utf8').split(/\r?\n/)[0] === lines[0],
    );
    if (copy) {
      const file = readFileSync(join(ROOT, 'docs', 'examples', copy), 'utf8')
        .replace(/\r\n/g, '\n')
        .trimEnd();
      expect(text.trimEnd()).toBe(file);
      return `the copy of docs/examples/${copy}`;
    }
    const parsed = parseClaimCsv(`${text}\n`);
    expect(parsed.errors).toEqual([]);
    return 'a claim file header the import reads';
  }
  if (lines.length > 0 && lines.every((l) => l.trim().startsWith('{'))) {
    const file = join(ctx.cwd, `example-${block.line}.jsonl`);
    writeFileSync(file, `${text}\n`);
    const run = await ctx.shell(`npm run ledger -- import-enrollments ganzhou-2024 ${file}`);
    expectRun('import-enrollments', run);
    expect(run.stdout).toContain(`新参保 ${lines.length} 条`);
    return 'JSON Lines imported with the CLI';
  }
  // A command's shape (its usage, with <placeholders>): the CLI knows the command.
  if (lines.length > 0 && lines.every((l) => /^npm run ledger -- [\w-]+ .*[<[]/.test(l))) {
    for (const line of lines) {
      const name = line.split(/\s+/)[4];
      expectRun(`${name} --help`, await ctx.shell(`npm run ledger -- ${name} --help`));
    }
    return 'usage of a CLI command (its --help answers)';
  }
  // Diagrams, layouts, prose in a box: nothing that looks like a command, JSON or CSV.
  // `node \S`: a command runs a file; "node    = SHA-256(…)" in a formula is a Merkle node.
  expect({
    block: text,
    looksRunnable: /^\s*(\$|curl |npm |node \S|bash |\{)/m.test(text),
  }).toEqual({
    block: text,
    looksRunnable: false,
  });
  return 'not an example (a diagram or a layout)';
}

describe('Every example in README.md and docs/*.md is executed (issue 15 §7)', () => {
  beforeAll(() => {
    if (!existsSync(CLI))
      throw new Error('build first (npm run build): the CLI examples run the compiled CLI');
  });

  for (const file of DOCS) {
    const blocks = examplesOf(file);
    if (blocks.length === 0) continue;
    describe(file, () => {
      const ctx = new DocContext();
      afterAll(() => ctx.close());
      for (const block of blocks) {
        const title = `${file}:${block.line} ${block.inline ? 'inline ' : ''}${block.lang || 'block'}: ${block.text.split('\n')[0].slice(0, 70)}`;
        it(title, async () => {
          const how = await runBlock(ctx, block);
          expect(how).toBeTruthy();
        });
      }
    });
  }
});

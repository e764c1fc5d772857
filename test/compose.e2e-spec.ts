import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

/** The Compose client on this machine, if any: `docker compose` (v2) or `docker-compose` (v1). */
function composeClient(): string[] | undefined {
  for (const command of [['docker', 'compose'], ['docker-compose']]) {
    const probe = spawnSync(command[0], [...command.slice(1), 'version'], { encoding: 'utf8' });
    if (probe.status === 0) return command;
  }
  return undefined;
}

/** Issue 12, "Must show": docker-compose's healthcheck uses the open probes. */
describe('docker-compose.yml (issue 12)', () => {
  const text = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');

  it('the API healthcheck asks /health/ready, which needs no key; open mode is off', () => {
    const api = text.slice(text.indexOf('\n  ledger-api:'), text.indexOf('\n  projector:'));
    expect(api).toContain("fetch('http://127.0.0.1:3000/health/ready')");
    expect(api).not.toMatch(/3000\/health'/);
    expect(api).toMatch(/LEDGER_OPEN_MODE: '0'/);
    expect(api).toMatch(/LEDGER_ACCESS_FILE: \$\{LEDGER_ACCESS_FILE:-\}/);
  });

  it('`config -q` passes with the Compose client of this machine (where there is one)', () => {
    const client = composeClient();
    if (!client) {
      // No client installed (none is needed to run the ledger): the text checks above stand.
      expect(text).toContain('services:');
      return;
    }
    const result = spawnSync(client[0], [...client.slice(1), 'config', '-q'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
  });
});

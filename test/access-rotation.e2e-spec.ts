import { mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { AccessFileLifecycle, generateKey, hashKey } from '@ledger/access';
import { startTestLedger, TestLedger } from './support/ledger-test-app';

/**
 * Issue 12, "Must show": key rotation without a restart. The access file holds digests only; a
 * new file is picked up while the ledger runs, the old key is refused at once after, and so are
 * the sessions opened with it. A bad file changes nothing.
 */
describe('Key rotation through the access file, without restart (issue 12)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-access-file-'));
  const file = join(dir, 'access.json');
  const oldKey = generateKey();
  const newKey = generateKey();
  let ledger: TestLedger;
  let http: ReturnType<typeof request>;

  /** Written beside and renamed over the old file, as an operator (or a secret manager) would. */
  function writeAccessFile(doc: unknown): void {
    const temp = join(dir, `access.json.${Date.now()}.tmp`);
    writeFileSync(temp, JSON.stringify(doc, null, 2));
    renameSync(temp, file);
  }
  const identity = (key: string) => ({
    identities: [
      {
        id: 'ningdu-clerk',
        role: 'operator',
        scope: { plans: ['ganzhou-2024'] },
        keyHashes: [hashKey(key)],
      },
    ],
  });
  const as = (key: string) => ({ Authorization: `Bearer ${key}` });

  /** Polls (bounded) until the ledger accepts a key: the watcher runs on its own schedule. */
  async function untilAccepted(key: string): Promise<void> {
    for (let i = 0; i < 400; i++) {
      if ((await http.get('/plans').set(as(key))).status === 200) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('the new key was never accepted');
  }

  beforeAll(async () => {
    writeAccessFile(identity(oldKey));
    ledger = await startTestLedger('2024-01-10T10:00:00+08:00', [], {
      accessFile: { path: file, pollMs: 20 },
    });
    http = request(ledger.app.getHttpServer());
  });
  afterAll(() => ledger.close());

  it('the file holds no key, only its digest', () => {
    expect(readFileSync(file, 'utf8')).not.toContain(oldKey);
    expect(readFileSync(file, 'utf8')).toContain(hashKey(oldKey));
  });

  it('a new key file is picked up without restart; the old key and its sessions are refused', async () => {
    const agent = request.agent(ledger.app.getHttpServer());
    await http.get('/plans').set(as(oldKey)).expect(200);
    await http.get('/plans').set(as(newKey)).expect(401);
    await agent.post('/session').send({ key: oldKey }).expect(200);
    await agent.get('/plans/ganzhou-2024/progress').expect(200);
    const reloads = ledger.app.get(AccessFileLifecycle).watcher!.reloadCount;

    writeAccessFile(identity(newKey));
    await untilAccepted(newKey);

    const refused = await http.get('/plans').set(as(oldKey)).expect(401);
    expect(refused.body.errors[0]).toMatchObject({
      field: 'Authorization',
      rule: 'access.credentialRefused',
    });
    await agent.get('/plans/ganzhou-2024/progress').expect(401);
    expect(ledger.app.get(AccessFileLifecycle).watcher!.reloadCount).toBeGreaterThan(reloads);
    // Still the same process: nothing restarted.
    await http.get('/plans/ganzhou-2024/progress').set(as(newKey)).expect(200);
  });

  it('a file that does not check is refused and the keys in force stay (nobody locked out, nobody let in)', async () => {
    const watcher = ledger.app.get(AccessFileLifecycle).watcher!;
    writeAccessFile({ identities: [{ id: 'x', role: 'operator', keyHashes: ['sha256:short'] }] });
    expect(watcher.reload()).toBe(false);
    await http.get('/plans').set(as(newKey)).expect(200);
    writeAccessFile({
      identities: [{ id: 'x', role: 'township_official', keyHashes: [hashKey(oldKey)] }],
    });
    expect(watcher.reload()).toBe(false); // a township official without townships
    await http.get('/plans').set(as(oldKey)).expect(401);
    await http.get('/plans').set(as(newKey)).expect(200);
  });

  it('two digests on one identity rotate with an overlap', async () => {
    const next = generateKey();
    writeAccessFile({
      identities: [
        { ...identity(newKey).identities[0], keyHashes: [hashKey(newKey), hashKey(next)] },
      ],
    });
    await untilAccepted(next);
    await http.get('/plans').set(as(next)).expect(200);
    await http.get('/plans').set(as(newKey)).expect(200);
  });
});

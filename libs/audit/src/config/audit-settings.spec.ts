import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  keyIdOf,
  loadOrCreateDevSealKey,
  parseSealPrivateKey,
  parseSealPublicKey,
  publicKeyPem,
  readDevSealKey,
} from '../seal/seal-key';
import { trustedSealKey } from './audit-open';
import { AUDIT_DEFAULTS, AuditSettingsError, readAuditSettings } from './audit-settings';

describe('audit settings (README, Configuration)', () => {
  it('defaults beside the log, no file touched', () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-settings-'));
    const s = readAuditSettings({ LEDGER_DATA_DIR: dir });
    expect(s).toMatchObject({
      store: 'sqlite',
      sqlitePath: join(dir, 'ledger.sqlite'),
      leavesPath: join(dir, 'ledger.audit.sqlite'),
      publishedSealPath: join(dir, 'published-seal.json'),
      devSealKeyPath: join(dir, '.seal.key'),
      ...AUDIT_DEFAULTS,
    });
    expect(existsSync(s.devSealKeyPath)).toBe(false);
  });

  it.each([
    ['LEDGER_SEAL_INTERVAL_MS', '500'],
    ['LEDGER_SEAL_INTERVAL_MS', 'soon'],
    ['LEDGER_INTEGRITY_INTERVAL_MS', '0'],
    ['LEDGER_INTEGRITY_SCRUB_EVENTS', '-1'],
  ])('refuses %s=%s naming the variable', (variable, value) => {
    expect(() => readAuditSettings({ [variable]: value })).toThrow(AuditSettingsError);
    expect(() => readAuditSettings({ [variable]: value })).toThrow(new RegExp(`^${variable}: `));
  });
});

describe('the sealing key', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const pkcs8Pem = String(privateKey.export({ format: 'pem', type: 'pkcs8' }));
  const pkcs8Der = privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
  const spkiDer = publicKey.export({ format: 'der', type: 'spki' }).toString('base64');

  it('is read from PKCS#8 PEM or base64 DER; the public key from SPKI PEM (with comments) or DER', () => {
    expect(keyIdOf(parseSealPrivateKey(pkcs8Pem))).toBe(keyIdOf(publicKey));
    expect(keyIdOf(parseSealPrivateKey(pkcs8Der))).toBe(keyIdOf(publicKey));
    expect(keyIdOf(parseSealPublicKey(`# key id …\n${publicKeyPem(publicKey)}`))).toBe(
      keyIdOf(publicKey),
    );
    expect(keyIdOf(parseSealPublicKey(spkiDer))).toBe(keyIdOf(publicKey));
  });

  it('refuses what is not an Ed25519 key, saying what it must be', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
    expect(() => parseSealPrivateKey('not a key')).toThrow(
      /Ed25519 private key, PKCS#8 PEM or base64 DER/,
    );
    expect(() => parseSealPrivateKey(String(rsa.export({ format: 'pem', type: 'pkcs8' })))).toThrow(
      /rsa key, not Ed25519/,
    );
    expect(() => parseSealPublicKey('AAAA')).toThrow(/Ed25519 public key/);
  });

  it('development key: generated once (mode 0600), read-only tools never create it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'seal-key-'));
    const file = join(dir, '.seal.key');
    expect(readDevSealKey(file)).toBeUndefined();
    const settings = readAuditSettings({ LEDGER_DATA_DIR: dir });
    expect(trustedSealKey(settings)).toBeUndefined();
    const key = loadOrCreateDevSealKey(file);
    expect(keyIdOf(loadOrCreateDevSealKey(file))).toBe(keyIdOf(key));
    expect(trustedSealKey(settings)).toMatchObject({ source: file });
    expect(trustedSealKey(settings, spkiDer)).toMatchObject({ source: '--public-key' });
  });
});

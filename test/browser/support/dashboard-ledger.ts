import { INestApplication } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccessConfig, hashKey, Role, Scope } from '@ledger/access';
import { composeResidentId } from '@ledger/domain';
import { LedgerConfig, LedgerViews, LoadDemoCampaignCommand } from '@ledger/ledger';
import { createLedgerApp } from '../../../apps/ledger-api/src/create-ledger-app';

/** The identities of the browser suites: one per kind of dashboard reader. */
export const KEYS = {
  operator: 'op-key-browser',
  ningduCounty: 'ningdu-county-key',
  yuyaoCounty: 'yuyao-county-key',
  yuyaoT01: 'yuyao-t01-key',
  picc: 'picc-key',
  privacy: 'privacy-key',
} as const;

const IDENTITIES: [key: string, id: string, role: Role, scope: Scope][] = [
  [KEYS.operator, 'city-operator', 'operator', {}],
  [KEYS.ningduCounty, 'ningdu-county', 'county_official', { counties: ['360730'] }],
  [KEYS.yuyaoCounty, 'yuyao-county', 'county_official', { counties: ['330281'] }],
  [
    KEYS.yuyaoT01,
    'yuyao-lanjiang',
    'township_official',
    { plans: ['yuyao-2024'], townships: ['t01'] },
  ],
  [KEYS.picc, 'picc', 'insurer', { insurer: 'picc-pc' }],
  [KEYS.privacy, 'privacy', 'privacy_officer', {}],
];

/**
 * A ledger as `npm start` runs it (embedded store, real clock, the demo campaign loaded), but
 * with keys instead of open mode, listening on loopback. It can be stopped and started again
 * on the same port and files (the restart suite).
 */
export class DashboardLedger {
  app: INestApplication | undefined;
  port = 0;
  private readonly dir = mkdtempSync(join(tmpdir(), 'ledger-browser-'));
  private readonly config: LedgerConfig = {
    port: 0,
    host: '127.0.0.1',
    store: 'sqlite',
    sqlitePath: join(this.dir, 'ledger.sqlite'),
    sqliteSynchronous: 'NORMAL',
    keysPath: join(this.dir, 'ledger.keys.sqlite'),
    personRefKey: randomBytes(32),
    masterKey: randomBytes(32),
    loadDemo: true,
    projections: 'in-process',
  };
  private readonly access: AccessConfig = {
    openMode: false,
    keys: IDENTITIES.map(([key, id, role, scope]) => ({
      keyHash: hashKey(key),
      identity: { id, role, scope, via: 'api-key' as const },
      source: 'browser test',
    })),
    // The same session key across a restart, as LEDGER_SESSION_KEY (or the generated file) is.
    session: { key: new Uint8Array(randomBytes(32)), ttlSeconds: 3600 },
    allowedOrigins: [],
  };
  private seq = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const app = await createLedgerApp({ config: this.config, access: this.access, logger: false });
    await app.get(CommandBus).execute(new LoadDemoCampaignCommand());
    await app.listen(this.port, '127.0.0.1');
    this.port = (app.getHttpServer().address() as { port: number }).port;
    this.app = app;
  }

  async stop(): Promise<void> {
    const app = this.app;
    this.app = undefined;
    // Open event streams (the dashboards) would keep the server from closing: end them.
    (
      app?.getHttpServer() as { closeAllConnections?: () => void } | undefined
    )?.closeAllConnections?.();
    await app?.close();
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  async caughtUp(): Promise<void> {
    await this.app!.get(LedgerViews).caughtUp();
  }

  /** The API as a caller with this key sees it. */
  async api<T>(
    key: string,
    path: string,
    init: { method?: string; body?: unknown } = {},
  ): Promise<T> {
    const res = await fetch(this.url + path, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${key}`,
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Imports a township table as an operator: previewed, then applied with its fingerprint. */
  async importTownshipTable(planId: string, body: object): Promise<void> {
    const preview = await this.api<{ fingerprint: string }>(
      KEYS.operator,
      `/plans/${planId}/township-tables/preview`,
      { method: 'POST', body },
    );
    await this.api(KEYS.operator, `/plans/${planId}/township-tables`, {
      method: 'POST',
      body: { ...body, fingerprint: preview.fingerprint },
    });
  }

  /** A Yuyao resident enrolled, a claim adjudicated and its payout approved (split among the coalition). */
  async approveYuyaoClaim(claimId: string, residualFen: number): Promise<void> {
    const enrolled = await this.api<{ personRef: string }>(
      KEYS.operator,
      '/plans/yuyao-2024/enrollments',
      {
        method: 'POST',
        body: {
          person: {
            idNumber: composeResidentId('330281', '1970-07-07', 500 + this.seq++),
            name: '理赔',
          },
          basicInsurance: { scheme: 'resident', insuredRegionCode: '330281' },
          townshipId: 't05',
          occurredAt: '2023-11-15T10:00:00+08:00',
          contributions: [{ source: 'individual', amountFen: 10000 }],
        },
      },
    );
    const claims = `/plans/yuyao-2024/policies/${enrolled.personRef}/claims`;
    await this.api(KEYS.operator, claims, {
      method: 'POST',
      body: {
        claimId,
        serviceDate: '2024-02-01',
        hospital: '余姚市人民医院',
        totalExpenseFen: residualFen,
        priorLayers: { basicInsuranceFen: 0, criticalIllnessInsuranceFen: 0, medicalAidFen: 0 },
        lines: [{ responsibilityCode: 'R4', residualFen }],
      },
    });
    await this.api(KEYS.operator, `${claims}/${claimId}/approval`, { method: 'POST', body: {} });
    await this.caughtUp();
  }

  /** A resident ID of Ningdu nobody has used yet (born on 1985-03-04 or a day after). */
  newGanzhouId(): string {
    const n = this.seq++;
    const born = new Date(Date.UTC(1985, 2, 4 + Math.floor(n / 900))).toISOString().slice(0, 10);
    return composeResidentId('360730', born, 100 + (n % 900));
  }

  /** A batch of Ganzhou enrollments in one township, recorded by the operator. */
  async enrollGanzhou(townshipId: string, count: number, occurredAt = '2024-01-20T10:00:00+08:00') {
    const enrollments = Array.from({ length: count }, () => ({
      person: { idNumber: this.newGanzhouId(), name: '测试' },
      basicInsurance: { scheme: 'resident', insuredRegionCode: '360730' },
      townshipId,
      occurredAt,
      contributions: [{ source: 'individual', amountFen: 10000 }],
    }));
    const answer = await this.api<{ results: { status: number }[] }>(
      KEYS.operator,
      '/plans/ganzhou-2024/enrollment-batches',
      { method: 'POST', body: { enrollments } },
    );
    return answer;
  }
}

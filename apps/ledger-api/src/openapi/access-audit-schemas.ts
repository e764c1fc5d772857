import { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { ROLES } from '@ledger/access';
import { arr, instant, int, map, nullable, obj, personRef, position, str } from './schema-builders';

const hex = (description: string) => str(description, { pattern: '^[0-9a-f]{64}$' });

/** terminus's answer: each check by name, up or down. */
const checks = map(
  obj({ status: str(undefined, { enum: ['up', 'down'] }) }),
  'Each check by name (eventStore, integrity); a down check says why',
);

const identity = obj(
  {
    id: str('The identity’s id (a key’s name, a token’s subject)'),
    role: str(undefined, { enum: [...ROLES] }),
    scope: obj(
      {
        plans: arr(str()),
        counties: arr(str()),
        districts: arr(str()),
        townships: arr(str()),
        insurer: str(),
      },
      ['plans', 'counties', 'districts', 'townships', 'insurer'],
      'What part of the ledger it works on; no field at all: ledger-wide',
    ),
    scopeText: str('The scope in words, e.g. counties=360730 or ledger-wide'),
    via: str('How it was presented', { enum: ['api-key', 'jwt', 'session', 'open-mode'] }),
  },
  [],
  'Who the caller is (docs/access.md)',
);

const sealBody = obj({
  version: int(),
  treeSize: int('Events covered: the first treeSize of the global log'),
  rootHash: hex('RFC 9162 Merkle tree head of those events'),
  lastPosition: position,
  sealedAt: instant,
  keyId: hex('SHA-256 of the signing public key (SPKI DER)'),
});

const publishedSeal = {
  format: str(undefined, { enum: ['huiminbao-ledger.published-seal'] }),
  version: int(),
  seal: obj({ body: sealBody, signature: str('Ed25519 signature, base64') }),
  recordedAs: obj(
    { streamId: str(), revision: str(), eventId: str(), position },
    [],
    'Where the seal was recorded in the log (LogSealed)',
  ),
};

/** Probes, sessions, the access log and the audit routes (docs/access.md, docs/audit.md). */
export const ACCESS_AND_AUDIT_SCHEMAS: Record<string, SchemaObject> = {
  HealthProbe: obj(
    {
      status: str(undefined, { enum: ['ok', 'error', 'shutting_down'] }),
      info: checks,
      error: checks,
      details: checks,
    },
    ['info', 'error'],
    'A probe’s answer as @nestjs/terminus gives it (503 with the same shape when a check is down)',
  ),
  SessionOpened: obj(
    {
      identity,
      expiresAt: nullable(
        str('When the session cookie expires (null in open mode: nothing to exchange)', {
          format: 'date-time',
        }),
      ),
    },
    [],
    'Logged in: the session cookie is set (HttpOnly, SameSite=Strict)',
  ),
  WhoAmI: obj({ identity }),
  AccessLogPage: obj(
    {
      entries: arr(
        obj(
          {
            position,
            recordedAt: instant,
            personRef,
            planId: str(),
            reads: arr(str(undefined, { enum: ['identity', 'health', 'lookup'] })),
            purpose: str('Why, as the reader said (X-Access-Purpose)'),
            route: str('The route read, e.g. GET /plans/:planId/policies/:personRef/history'),
            identityId: str(),
            role: str(undefined, { enum: [...ROLES] }),
            via: str(),
            occurredAt: instant,
            occurredAtShanghai: str('The same instant in Beijing time (+08:00)'),
            actor: str(),
            correlationId: str(),
            hash: str('The event’s hash (tamper evidence)'),
          },
          ['planId', 'hash'],
        ),
      ),
      next: str('Position to page on from (after=…); absent on the last page'),
    },
    ['next'],
    'Reads of identities and claim facts, in log order',
  ),
  IntegrityStatus: obj(
    {
      state: str(undefined, { enum: ['starting', 'intact', 'tampered'] }),
      verifiedEvents: int('Events verified since start'),
      verifiedThrough: position,
      rootHash: hex('Global tree head over the verified events'),
      latestSeal: obj({ treeSize: int(), sealedAt: instant, position }),
      problem: obj(
        {
          kind: str('What was found (docs/audit.md, "Findings")'),
          position,
          streamId: str(),
          revision: str(),
          eventId: str(),
          message: str(),
          detectedAt: instant,
        },
        ['position', 'streamId', 'revision', 'eventId'],
        'The first problem found; the ledger stays not-ready until restarted on a sound log',
      ),
      lastCheckAt: instant,
    },
    ['verifiedThrough', 'rootHash', 'latestSeal', 'problem', 'lastCheckAt'],
  ),
  SealOutcome: obj(
    {
      status: str(
        'sealed: a new seal was recorded (201); unchanged: the latest seal covers the log, raced: another sealer recorded one (200)',
        { enum: ['sealed', 'unchanged', 'raced'] },
      ),
      ...publishedSeal,
    },
    Object.keys(publishedSeal),
  ),
  PublishedSeal: obj(publishedSeal, [], 'A seal as published for auditors (docs/audit.md)'),
  SealPublicKey: obj({
    keyId: hex('SHA-256 of the public key (SPKI DER)'),
    pem: str('Ed25519 public key, SPKI PEM'),
  }),
};

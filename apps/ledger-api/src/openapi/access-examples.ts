import type { ExampleContext, OperationExample } from './operation-examples';
import { STORY_KEYS } from './story-keys';
import { EXAMPLE_PEOPLE } from './story-people';

type Story = [string, OperationExample[]][];

/** Probes, then a county official logging in for the dashboard (docs/access.md, "Sessions"). */
export function healthAndSessionExamples(): Story {
  return [
    ['HealthController_live', [{ name: 'live', summary: 'Is the process serving HTTP' }]],
    [
      'HealthController_ready',
      [{ name: 'ready', summary: 'Does the event store answer, is the log as sealed' }],
    ],
    [
      'SessionController_open',
      [
        {
          name: 'countyOfficial',
          summary: "Ningdu's county official logs in with an API key: a session cookie comes back",
          role: 'county_official',
          body: { key: STORY_KEYS.county_official.key },
        },
      ],
    ],
    [
      'SessionController_whoAmI',
      [
        {
          name: 'countyOfficial',
          summary: 'Who am I: role and scope (县级：宁都县)',
          role: 'county_official',
        },
      ],
    ],
    [
      'SessionController_close',
      [{ name: 'logOut', summary: 'Log out: the cookie is cleared', role: 'county_official' }],
    ],
  ];
}

/** The auditor's side: who read whose data, the log's own verification, seals (docs/audit.md). */
export function accessAndAuditExamples(ctx: ExampleContext): Story {
  return [
    [
      'AccessLogController_list',
      [
        {
          name: 'all',
          summary: 'Every read of identities and claim facts, in log order, 50 at a time',
          role: 'auditor',
          query: { limit: '50' },
        },
        {
          name: 'ofPerson',
          summary: "Who read 张三's data, when and why",
          role: 'privacy_officer',
          query: { personRef: ctx.personRefOf(EXAMPLE_PEOPLE.zhangSan) },
        },
      ],
    ],
    [
      'AuditController_status',
      [{ name: 'auditor', summary: "The ledger's verification of its own log", role: 'auditor' }],
    ],
    [
      'AuditController_seal',
      [{ name: 'now', summary: 'Seal the log now (sealing also runs periodically)' }],
    ],
    [
      'AuditController_latestSeal',
      [{ name: 'latest', summary: 'The latest published seal', role: 'auditor' }],
    ],
    [
      'AuditController_publicKey',
      [{ name: 'key', summary: 'The public key seals verify with', role: 'auditor' }],
    ],
  ];
}

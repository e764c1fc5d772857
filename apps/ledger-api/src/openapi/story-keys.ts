import { Role, Scope } from '@ledger/access';

/**
 * The API keys of the examples' story, one per role (docs/access.md): each example says which
 * role sends it, and the test ledger that runs the story holds exactly these keys. Example values
 * only: a real ledger's keys are its own (LEDGER_API_KEYS, LEDGER_ACCESS_FILE).
 */
export const STORY_KEYS: Record<Role, { key: string; scope?: Scope }> = {
  operator: { key: 'example-operator-key-2024' },
  township_official: {
    key: 'example-township-official-key-2024',
    scope: { plans: ['ganzhou-2024'], townships: ['t01'] },
  },
  county_official: { key: 'example-county-official-key-2024', scope: { counties: ['360730'] } },
  insurer: { key: 'example-insurer-key-2024', scope: { insurer: 'picc-pc' } },
  auditor: { key: 'example-auditor-key-2024' },
  privacy_officer: { key: 'example-privacy-officer-key-2024' },
  viewer: { key: 'example-viewer-key-2024' },
};

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SUBSIDY_ROSTER_COLUMNS, townshipTableColumns } from '@ledger/plans';
import { CLAIM_COLUMNS } from '../claims/claim-csv';
import { ENROLLMENT_COLUMNS } from '../enrollments/import/enrollment-columns';

const DOC = readFileSync(join(__dirname, '..', '..', '..', '..', 'docs', 'imports.md'), 'utf8');

describe('docs/imports.md names every column the imports read, in Chinese and in English', () => {
  const imports = {
    enrollments: ENROLLMENT_COLUMNS,
    rosters: SUBSIDY_ROSTER_COLUMNS,
    'township tables': townshipTableColumns([]),
    claims: CLAIM_COLUMNS,
  };
  for (const [name, specs] of Object.entries(imports)) {
    it(name, () => {
      for (const spec of specs) {
        expect({ key: spec.key, documented: DOC.includes(`\`${spec.key}\``) }).toEqual({
          key: spec.key,
          documented: true,
        });
        for (const chinese of spec.names.filter((n) => /[\u4e00-\u9fff]/.test(n))) {
          expect({ key: spec.key, chinese, documented: DOC.includes(chinese) }).toEqual({
            key: spec.key,
            chinese,
            documented: true,
          });
        }
      }
    });
  }
});

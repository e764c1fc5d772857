import { BenefitSchedule } from './responsibility';
import { validateBenefitSchedule } from './schedule-validation';
import { GANZHOU_2024_BENEFITS, TIANYI_YONGNINGBAO_2024_BENEFITS } from './seed-schedules';

const name = { zh: '测试责任', en: 'Test responsibility' };

describe('Benefits: a schedule is validated when a plan is published or amended', () => {
  it('Benefits: the seed schedules (000, 003) are valid', () => {
    expect(validateBenefitSchedule(GANZHOU_2024_BENEFITS)).toEqual([]);
    expect(validateBenefitSchedule(TIANYI_YONGNINGBAO_2024_BENEFITS)).toEqual([]);
  });

  it('Benefits: a broken schedule lists every problem (ascending segments, ratios 0..10000, caps, unique codes, integers)', () => {
    const broken: BenefitSchedule = {
      responsibilities: [
        {
          code: 'A',
          name,
          deductibleFen: -1, // negative
          segments: [
            { fromFen: -100, ratioBp: 5500 }, // first start below 0
            { fromFen: 2_000_000, ratioBp: 10_001 }, // ratio above 100%
            { fromFen: 1_000_000, ratioBp: 8000 }, // not ascending
          ],
          preExistingRatioBp: 2000.5, // not an integer
          capFen: 0, // caps are positive
        },
        {
          code: 'A', // repeats
          name: { zh: '', en: 'No Chinese name' },
          deductibleFen: 1.5, // not integer fen
          segments: [],
          outOfAreaCountingShareBp: -1,
        },
        {
          code: 'B',
          name,
          deductibleFen: 1_500_000,
          segments: [{ fromFen: 0, ratioBp: 5500 }], // pays inside the deductible
          capFen: 100.25,
        },
      ],
      planCapFen: -300_000_000,
    };
    expect(validateBenefitSchedule(broken)).toEqual([
      'responsibilities[0] (A).deductibleFen must be a non-negative integer of fen',
      'responsibilities[0] (A).segments[0].fromFen must be a non-negative integer of fen',
      'responsibilities[0] (A).segments[1].ratioBp must be an integer from 0 to 10000 bp',
      'responsibilities[0] (A).segments[2].fromFen must be above segments[1].fromFen (ascending)',
      'responsibilities[0] (A).preExistingRatioBp must be an integer from 0 to 10000 bp when set',
      'responsibilities[0] (A).capFen must be a positive integer of fen when set',
      'responsibilities[1] (A).code must be unique (A repeats)',
      'responsibilities[1] (A).name must give both zh and en',
      'responsibilities[1] (A).deductibleFen must be a non-negative integer of fen',
      'responsibilities[1] (A).segments must be a non-empty list',
      'responsibilities[1] (A).outOfAreaCountingShareBp must be an integer from 0 to 10000 bp when set',
      'responsibilities[2] (B).segments[0].fromFen must not be below deductibleFen (nothing is paid below the deductible)',
      'responsibilities[2] (B).capFen must be a positive integer of fen when set',
      'planCapFen must be a positive integer of fen when set',
    ]);
  });

  it('Benefits: a schedule needs at least one responsibility, and equal segment starts are not ascending', () => {
    expect(validateBenefitSchedule({ responsibilities: [] })).toEqual([
      'responsibilities must be a non-empty list',
    ]);
    expect(
      validateBenefitSchedule({
        responsibilities: [
          {
            code: 'X',
            name,
            deductibleFen: 0,
            segments: [
              { fromFen: 0, ratioBp: 0 }, // 0% and 100% are both allowed
              { fromFen: 0, ratioBp: 10_000 },
            ],
          },
        ],
      }),
    ).toEqual([
      'responsibilities[0] (X).segments[1].fromFen must be above segments[0].fromFen (ascending)',
    ]);
  });

  it('Benefits: malformed data read back from events is reported, not thrown', () => {
    const junk = {
      responsibilities: [{ code: 7, segments: [null], capFen: null }],
      planCapFen: '3000000',
    } as unknown as BenefitSchedule;
    expect(validateBenefitSchedule(junk)).toEqual([
      'responsibilities[0].code must be a non-empty string',
      'responsibilities[0].name must give both zh and en',
      'responsibilities[0].deductibleFen must be a non-negative integer of fen',
      'responsibilities[0].segments[0].fromFen must be a non-negative integer of fen',
      'responsibilities[0].segments[0].ratioBp must be an integer from 0 to 10000 bp',
      'responsibilities[0].capFen must be a positive integer of fen when set',
      'planCapFen must be a positive integer of fen when set',
    ]);
  });
});

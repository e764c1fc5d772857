import { DomainError } from '../common/domain-error';
import { townshipTableOf } from './township-table-shape';

function refusal(value: unknown): { field: string; rule: string } {
  try {
    townshipTableOf(value);
  } catch (e) {
    if (e instanceof DomainError) return { field: e.field, rule: e.rule };
    throw e;
  }
  throw new Error('accepted');
}

describe('rule table.shape: a township table given as JSON is checked member by member (issue 13)', () => {
  const row = { name: '甲镇', district: '一片', base: 1000, targets: { required: 200 } };

  it('keeps a well-formed table as given (rows, stated total, district subtotals)', () => {
    const table = {
      rows: [row, { name: '乙乡', targets: { required: 400, stretch: null } }],
      statedTotal: { base: 3000, targets: { required: 600 } },
      statedDistrictSubtotals: { 一片: { base: 1000, required: 200 } },
    };
    expect(townshipTableOf(table)).toEqual({
      rows: [row, { name: '乙乡', targets: { required: 400, stretch: undefined } }],
      statedTotal: { base: 3000, targets: { required: 600 } },
      statedDistrictSubtotals: { 一片: { base: 1000, required: 200 } },
    });
  });

  it.each([
    ['not an object', [], 'table'],
    ['no rows', { rows: [] }, 'table.rows'],
    ['a row that is a list', { rows: [[]] }, 'table.rows[0]'],
    [
      'a district that is an object',
      { rows: [row, { ...row, district: {} }] },
      'table.rows[1].district',
    ],
    ['a base that is an object', { rows: [{ ...row, base: { x: 1 } }] }, 'table.rows[0].base'],
    ['a negative base', { rows: [{ ...row, base: -1 }] }, 'table.rows[0].base'],
    [
      'a fractional target',
      { rows: [{ ...row, targets: { required: 1.5 } }] },
      'table.rows[0].targets.required',
    ],
    ['targets that are a string', { rows: [{ ...row, targets: 'x' }] }, 'table.rows[0].targets'],
    ['a name that is a number', { rows: [{ ...row, name: 3 }] }, 'table.rows[0].name'],
    ['a stated total that is a list', { rows: [row], statedTotal: [] }, 'table.statedTotal'],
    [
      'a subtotal that is a number',
      { rows: [row], statedDistrictSubtotals: { 一片: 5 } },
      'table.statedDistrictSubtotals.一片',
    ],
  ])('refuses %s, naming %s', (_what, table, field) => {
    expect(refusal(table)).toEqual({ field, rule: 'table.shape' });
  });
});

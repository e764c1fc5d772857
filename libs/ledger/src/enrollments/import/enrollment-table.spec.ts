import { testPlanDefinition } from '@ledger/domain/testing/fixtures';
import { csvRecords, readColumns } from '@ledger/tabular';
import { ENROLLMENT_COLUMNS } from './enrollment-columns';
import { enrollmentsFromRows, locateInRows } from './enrollment-table';

const PLAN = testPlanDefinition();
const read = (text: string) =>
  readColumns({ format: 'csv', rows: csvRecords(text) }, ENROLLMENT_COLUMNS);
const rows = (text: string) => {
  const { layout, records } = read(text);
  return { layout, enrollments: enrollmentsFromRows(records, layout, PLAN) };
};
const ID = '330281198005060112';
const HOLDER = '330281197001010011';

describe('Enrollment sheets: rows as clerks fill them become the API’s enrollment bodies (issue 15)', () => {
  it('reads Chinese words, yuan, a local date and a township by its name', () => {
    const { enrollments } = rows(
      [
        '身份证号码,姓名,参保类别,参保地区代码,居民档次,本市户籍,乡镇,缴费来源,金额,资助类别,参保时间',
        `${ID},张三,城乡居民,330281,成年居民,是,兰江街道,财政全额资助,100.00,低保,2023/11/2 9:05`,
      ].join('\n'),
    );
    expect(enrollments).toEqual([
      {
        lines: [2],
        body: {
          person: { idNumber: ID, name: '张三', localHouseholdRegistration: true },
          basicInsurance: {
            scheme: 'resident',
            insuredRegionCode: '330281',
            residentTier: 'adult',
          },
          townshipId: 't01',
          occurredAt: '2023-11-02T09:05:00+08:00',
          contributions: [
            { source: 'government_full_subsidy', amountFen: 10000, category: '低保' },
          ],
        },
      },
    ]);
  });

  it('consecutive rows of one ID are one enrollment: a personal account without a holder pays for its holder, 工会 is an employer paying from union funds', () => {
    const { enrollments } = rows(
      [
        '身份证号码,参保类别,参保地区代码,缴费来源,金额,资助单位',
        `${ID},职工,330281,历年账户,40,`,
        `${ID},职工,330281,工会,60,余姚市总工会`,
      ].join('\n'),
    );
    expect(enrollments).toHaveLength(1);
    expect(enrollments[0].lines).toEqual([2, 3]);
    expect(enrollments[0].body?.contributions).toEqual([
      {
        source: 'personal_account',
        amountFen: 4000,
        payer: { idNumber: ID },
        relation: 'self',
        account: 'accumulated',
      },
      {
        source: 'employer',
        amountFen: 6000,
        funder: { funderId: '余姚市总工会', name: '余姚市总工会' },
        fund: 'union',
      },
    ]);
  });

  it('a relative’s personal account names its holder', () => {
    const { enrollments } = rows(
      [
        '身份证号码,参保类别,参保地区代码,缴费来源,金额（分）,缴费人身份证号码,缴费人参保类别,与账户持有人关系,扣款状态',
        `${ID},城乡居民,330281,个人账户,10000,${HOLDER},职工,父母,待扣款`,
      ].join('\n'),
    );
    expect(enrollments[0].body?.contributions).toEqual([
      {
        source: 'personal_account',
        amountFen: 10000,
        payer: { idNumber: HOLDER, scheme: 'employee' },
        relation: 'parent',
        deduction: 'pending',
      },
    ]);
  });

  it('refuses what it cannot read, naming the row and the column as the file has them', () => {
    const { enrollments } = rows(
      [
        '身份证号码,参保类别,参保地区代码,缴费来源,金额,参保时间',
        `3.60730E+17,城乡居民,330281,个人缴费,100,2023-11-02`,
        `${ID},农民,330281,现金,100.001,明天`,
      ].join('\n'),
    );
    expect(enrollments[0].errors).toEqual([
      expect.objectContaining({ line: 2, column: '身份证号码', rule: 'import.idNumberAsNumber' }),
    ]);
    expect(enrollments[1].errors?.map((e) => [e.line, e.column, e.rule])).toEqual([
      [3, '参保类别', 'import.scheme'],
      [3, '参保时间', 'import.occurredAt'],
      [3, '缴费来源', 'import.source'],
      [3, '金额', 'import.amount'],
    ]);
  });

  it('refuses an enrollment whose rows disagree on the person, and a CSV row shifted by an unquoted comma', () => {
    const { enrollments } = rows(
      [
        '身份证号码,姓名,参保类别,参保地区代码,金额',
        `${ID},张三,城乡居民,330281,50`,
        `${ID},张四,城乡居民,330281,50`,
        `${HOLDER},李,四,城乡居民,330281,100`,
      ].join('\n'),
    );
    expect(enrollments[0].errors).toEqual([
      expect.objectContaining({ line: 3, column: '姓名', rule: 'import.rowsDiffer' }),
    ]);
    expect(enrollments[1].errors).toEqual([
      expect.objectContaining({ line: 4, rule: 'file.columnCount' }),
    ]);
  });

  it('points the DTO’s and the domain’s refusals at the row and column of the file', () => {
    const { layout } = read('身份证号码,参保类别,参保地区代码,缴费来源,金额,乡镇\n');
    const item = (field: string) => ({ field, rule: 'r', message: 'm' });
    expect(locateInRows(item('contributions[1].amountFen'), [7, 8], layout)).toMatchObject({
      line: 8,
      column: '金额',
    });
    expect(locateInRows(item('person.idNumber'), [7, 8], layout)).toMatchObject({
      line: 7,
      column: '身份证号码',
    });
    expect(locateInRows(item('townshipId'), [7], layout)).toMatchObject({ column: '乡镇' });
    expect(locateInRows(item('contributions'), [7], layout)).toMatchObject({ column: '金额' });
  });
});

import { csvRecords } from '@ledger/tabular';
import { CLAIM_CSV_COLUMNS, parseClaimCsv } from './claim-csv';

const HEADER = CLAIM_CSV_COLUMNS.join(',');
const row = (v: Partial<Record<(typeof CLAIM_CSV_COLUMNS)[number], string>>) =>
  CLAIM_CSV_COLUMNS.map((c) => v[c] ?? '').join(',');
const base = {
  planId: 'ganzhou-2024',
  personRef: 'ref-1',
  claimId: 'C1',
  serviceDate: '2024-03-01',
  hospital: '赣州市人民医院',
  totalExpenseFen: '6000000',
  basicInsuranceFen: '3000000',
  criticalIllnessInsuranceFen: '1000000',
  medicalAidFen: '500000',
  responsibilityCode: 'in_catalogue',
  residualFen: '1500000',
};

describe('Claim CSV import: parser', () => {
  it('reads RFC 4180: BOM, quoted commas, doubled quotes, line breaks in quotes, CRLF, blank lines', () => {
    const text = '\uFEFFa,b\r\n"x, y","say ""hi"""\r\n\r\n"two\nlines",z\n';
    expect(csvRecords(text)).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x, y', 'say "hi"'] },
      { line: 4, cells: ['two\nlines', 'z'] },
    ]);
  });

  it('groups the rows of a claim (one per drug) and keeps the claim columns once', () => {
    const text = [
      HEADER,
      row({ ...base, hospital: '"赣州市人民医院, 东院"' }),
      row({
        ...base,
        hospital: '"赣州市人民医院, 东院"',
        responsibilityCode: 'special_drugs',
        drug: '药品A',
        residualFen: '10000',
      }),
      row({
        ...base,
        claimId: 'C2',
        preExisting: '是',
        outOfArea: '0',
        personRef: '',
        idNumber: '36073019800506011X',
      }),
    ].join('\n');
    const { claims, errors, rowCount } = parseClaimCsv(text);
    expect(errors).toEqual([]);
    expect(rowCount).toBe(3);
    expect(claims).toHaveLength(2);
    expect(claims[0]).toEqual({
      rows: [2, 3],
      planId: 'ganzhou-2024',
      person: { personRef: 'ref-1' },
      claim: {
        claimId: 'C1',
        serviceDate: '2024-03-01',
        hospital: '赣州市人民医院, 东院',
        totalExpenseFen: 6_000_000,
        priorLayers: {
          basicInsuranceFen: 3_000_000,
          criticalIllnessInsuranceFen: 1_000_000,
          medicalAidFen: 500_000,
        },
        preExisting: false,
        outOfArea: false,
        lines: [
          { responsibilityCode: 'in_catalogue', residualFen: 1_500_000 },
          { responsibilityCode: 'special_drugs', residualFen: 10_000, drug: '药品A' },
        ],
      },
    });
    expect(claims[1]).toMatchObject({
      rows: [4],
      person: { idNumber: '36073019800506011X' },
      claim: { preExisting: true, outOfArea: false },
    });
  });

  it('reports header problems once and reads nothing', () => {
    const { claims, errors } = parseClaimCsv('planId,claimId,amount\nx,y,1\n');
    expect(claims).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ row: 1, field: 'header', rule: 'file.header' });
    expect(errors[0].message).toContain('unknown column "amount"');
    expect(errors[0].message).toContain('missing column "就诊日期" (serviceDate)');
    const noPerson = parseClaimCsv(HEADER.replace('personRef,idNumber,', '') + '\n');
    expect(noPerson.errors[0].message).toContain('missing column "personRef" or "idNumber"');
  });

  it('reports row problems with their line and keeps the other claims', () => {
    const text = [
      HEADER,
      row({ ...base, claimId: 'BAD-FEN', residualFen: '15000.50' }),
      row({ ...base, claimId: 'BAD-BOOL', preExisting: 'maybe' }),
      row({ ...base, claimId: 'NO-PERSON', personRef: '' }),
      row({ ...base, claimId: 'DIFFER' }),
      row({
        ...base,
        claimId: 'DIFFER',
        serviceDate: '2024-03-02',
        responsibilityCode: 'out_of_catalogue',
      }),
      'too,few,fields',
      row({ ...base, claimId: 'GOOD' }),
    ].join('\n');
    const { claims, errors } = parseClaimCsv(text);
    expect(claims.map((c) => c.claim.claimId)).toEqual(['GOOD']);
    expect(errors.map((e) => [e.row, e.rule])).toEqual([
      [2, 'csv.integerFen'],
      [3, 'csv.boolean'],
      [4, 'csv.person'],
      [5, 'csv.claimColumnsDiffer'],
      [6, 'csv.claimColumnsDiffer'],
      [7, 'csv.columnCount'],
    ]);
    expect(errors[0].message).toContain('line 2: residualFen');
  });

  it('passes negative amounts on to the domain rules (the parser only reads integers)', () => {
    const { claims } = parseClaimCsv([HEADER, row({ ...base, residualFen: '-1' })].join('\n'));
    expect(claims[0].claim.lines[0].residualFen).toBe(-1);
  });

  it('reads Chinese headers and dates as clerks write them (2024/3/1, a local time is Asia/Shanghai)', () => {
    const text = [
      '方案编号,参保人编号,理赔编号,就诊日期,就诊医院,总费用（分）,基本医保支付（分）,大病保险支付（分）,医疗救助支付（分）,保障责任,个人负担（分）,申请时间',
      'ganzhou-2024,ref-1,C1,2024/3/1,赣州市人民医院,6000000,3000000,1000000,500000,in_catalogue,1500000,2024-03-05 10:00',
    ].join('\n');
    const { claims, errors } = parseClaimCsv(text);
    expect(errors).toEqual([]);
    expect(claims[0]).toMatchObject({
      rows: [2],
      occurredAt: '2024-03-05T10:00:00+08:00',
      claim: { claimId: 'C1', serviceDate: '2024-03-01', totalExpenseFen: 6_000_000 },
    });
  });

  it('reports an unclosed quote as a syntax error', () => {
    const { errors } = parseClaimCsv(`${HEADER}\n"unclosed,`);
    expect(errors).toEqual([expect.objectContaining({ rule: 'csv.syntax' })]);
  });
});

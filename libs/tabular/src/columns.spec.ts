import { DomainError } from '@ledger/domain';
import { ColumnSpec, normalizeHeader, readColumns } from './columns';
import { localDate, shanghaiInstant, yesNo, yuanToFen } from './cell-values';
import { csvRecords } from './csv-records';
import { TabularFile } from './tabular-row';

const SPECS: ColumnSpec<'idNumber' | 'name' | 'base'>[] = [
  { key: 'idNumber', names: ['身份证号码', '身份证号'], required: true },
  { key: 'name', names: ['姓名'] },
  { key: 'base', names: ['基数'], patterns: [/^(\d{4}年)?基本医保参保人数/] },
];
const csv = (text: string): TabularFile => ({ format: 'csv', rows: csvRecords(text) });

describe('Reading operators files: headers in Chinese or English', () => {
  it('matches Chinese and English names, ignoring spaces, full-width forms, case and a required "*"', () => {
    expect(normalizeHeader(' 身份证号码（必填）* ')).toBe('身份证号码(必填)');
    const { layout, records } = readColumns(
      csv('*身份证号码 ,NAME,2025年基 本医保参保人数\n360730198005060112,张三,20642\n'),
      SPECS,
    );
    expect(layout.headers).toEqual({
      idNumber: '*身份证号码',
      name: 'NAME',
      base: '2025年基 本医保参保人数',
    });
    expect(records).toEqual([
      { line: 2, values: { idNumber: '360730198005060112', name: '张三', base: '20642' } },
    ]);
  });

  it('skips a title row above the header, and ignores 序号 and 备注 columns', () => {
    const { layout, records } = readColumns(
      csv('余姚市资助参保名单,,\n序号,身份证号,备注\n1,330281199001011234,新增\n'),
      SPECS,
    );
    expect(layout.headerLine).toBe(2);
    expect(records[0]).toEqual({ line: 3, values: { idNumber: '330281199001011234' } });
  });

  it('refuses unknown, repeated and missing columns, naming each and listing the accepted names', () => {
    const refusal = (text: string) => {
      try {
        readColumns(csv(text), SPECS);
      } catch (e) {
        return e as DomainError;
      }
      throw new Error('accepted');
    };
    const unknown = refusal('身份证号码,姓铭\n1,2\n');
    expect(unknown).toMatchObject({ rule: 'file.header', details: { unknown: '姓铭' } });
    expect(unknown.message).toContain('身份证号码 (idNumber), 姓名 (name), 基数 (base)');
    expect(refusal('身份证号码,idNumber\n1,2\n')).toMatchObject({
      details: { repeated: 'idNumber' },
    });
    expect(refusal('姓名,基数\n张三,1\n')).toMatchObject({ details: { missing: '身份证号码' } });
  });

  it('marks CSV rows whose field count differs from the header (an unquoted comma shifts cells)', () => {
    const { records } = readColumns(csv('身份证号码,姓名\n1,张,三\n2,李四\n'), SPECS);
    expect(records.map((r) => r.fieldCount)).toEqual([3, undefined]);
  });
});

describe('Reading operators files: cell values as clerks write them', () => {
  it('reads yuan as exact fen, refusing fractions of a fen', () => {
    expect(['100', '100.5', '1,234.56', '¥100', '100元', '１００'].map(yuanToFen)).toEqual([
      10000, 10050, 123456, 10000, 10000, 10000,
    ]);
    expect(['100.001', '-1', 'abc', ''].map(yuanToFen)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('reads local dates and times as Asia/Shanghai; an offset is kept', () => {
    expect(shanghaiInstant('2023-12-22')).toBe('2023-12-22T00:00:00+08:00');
    expect(shanghaiInstant('2023/12/2 9:05')).toBe('2023-12-02T09:05:00+08:00');
    expect(shanghaiInstant('2023年12月22日')).toBe('2023-12-22T00:00:00+08:00');
    expect(shanghaiInstant('2023-12-22T01:00:00Z')).toBe('2023-12-22T01:00:00Z');
    expect(shanghaiInstant('22/12/2023')).toBeUndefined();
    expect(localDate('2024/3/1')).toBe('2024-03-01');
  });

  it('reads yes and no in Chinese and English', () => {
    expect(['是', '否', 'Y', 'false', '1', '也许'].map(yesNo)).toEqual([
      true,
      false,
      true,
      false,
      true,
      undefined,
    ]);
  });
});

import ExcelJS from 'exceljs';
import { encode } from 'iconv-lite';
import { DomainError } from '@ledger/domain';
import { csvRecords } from './csv-records';
import { decodeText } from './decode-text';
import { readOperatorFile } from './read-operator-file';
import { TabularFile } from './tabular-row';
import { tabularAsCsvText } from './tabular-writer';

const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
const refusal = async (f: () => unknown) => {
  try {
    await f();
  } catch (e) {
    if (e instanceof DomainError) return { rule: e.rule, field: e.field, message: e.message };
    throw e;
  }
  throw new Error('not refused');
};

async function xlsx(build: (sheet: ExcelJS.Worksheet, book: ExcelJS.Workbook) => void) {
  const book = new ExcelJS.Workbook();
  build(book.addWorksheet('Sheet1'), book);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

describe('Reading operators files: encodings (issue 15: GBK is never recorded as mojibake)', () => {
  const text = '乡镇,片区,基数\n梅江镇,一片,51248\n合计,,658157\n';

  it('reads UTF-8 with and without a BOM', () => {
    expect(decodeText(utf8(text))).toEqual({ text, encoding: 'utf-8' });
    expect(decodeText(utf8('\uFEFF' + text))).toEqual({ text, encoding: 'utf-8-bom' });
  });

  it('detects GBK (Excel on Chinese Windows) and GB18030 four-byte characters', () => {
    expect(decodeText(encode(text, 'gbk'))).toEqual({ text, encoding: 'gb18030' });
    const rare = '姓名\n䶮𠀀\n'; // outside GBK: only GB18030 has them
    expect(decodeText(encode(rare, 'gb18030'))).toEqual({ text: rare, encoding: 'gb18030' });
  });

  it('reads UTF-16 with its byte-order mark (Excel "Unicode text")', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(decodeText(le).text).toBe(text);
  });

  it('refuses bytes that are neither UTF-8 nor GB18030, and binary files, never half-reading them', async () => {
    expect(await refusal(() => decodeText(new Uint8Array([0x41, 0x81, 0x20, 0x0a])))).toMatchObject(
      {
        rule: 'file.encoding',
      },
    );
    expect(await refusal(() => decodeText(utf8('a,b\u0000c')))).toMatchObject({
      rule: 'file.format',
    });
    expect(
      await refusal(() => decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0xc4, 0xfe]))),
    ).toMatchObject({ rule: 'file.encoding' });
  });
});

describe('Reading operators files: CSV records keep their line numbers', () => {
  it('numbers lines as Excel shows them: header is line 1, blank rows are skipped but counted', () => {
    expect(csvRecords('a,b\n1,2\n\n,,\n3,4\r\n')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['1', '2'] },
      { line: 5, cells: ['3', '4'] },
    ]);
  });

  it('keeps quoted commas, quotes and line breaks; the next record starts on its own line', () => {
    expect(csvRecords('name,note\n"张,三","说""好""\n第二行"\nb,c\n')).toEqual([
      { line: 1, cells: ['name', 'note'] },
      { line: 2, cells: ['张,三', '说"好"\n第二行'] },
      { line: 4, cells: ['b', 'c'] },
    ]);
  });

  it('reads tab-separated text (a copy from a spreadsheet)', () => {
    expect(csvRecords('乡镇\t基数\n梅江镇\t51,248\n')[1].cells).toEqual(['梅江镇', '51,248']);
  });

  it('refuses an unterminated quote, naming the line it opens on', async () => {
    expect(await refusal(() => csvRecords('a,b\n1,"2\n3,4\n'))).toMatchObject({
      rule: 'csv.syntax',
      message: expect.stringContaining('line 2'),
    });
  });
});

describe('Reading operators files: XLSX as Excel stores it', () => {
  it('reads the first sheet with Excel row numbers: numbers, dates (Shanghai wall time), formulas, rich text, merged cells', async () => {
    const bytes = await xlsx((sheet) => {
      sheet.addRow(['宁都县任务分配表']);
      sheet.mergeCells('A1:D1');
      sheet.addRow(['乡镇', '片区', '基数', '时间']);
      sheet.addRow(['甲', '一片', 100, new Date(Date.UTC(2023, 11, 22, 9, 0, 0))]);
      sheet.addRow(['乙', null, 0.1 + 0.2, { formula: 'C3*2', result: 200 }]);
      sheet.mergeCells('B3:B4');
      sheet.addRow([]);
      sheet.addRow([
        { richText: [{ text: '丙' }, { text: '镇' }] },
        '二片',
        7,
        new Date(Date.UTC(2024, 0, 31)),
      ]);
    });
    const file = (await readOperatorFile(bytes)) as TabularFile;
    expect(file.format).toBe('xlsx');
    expect(file.rows).toEqual([
      {
        line: 1,
        cells: ['宁都县任务分配表', '宁都县任务分配表', '宁都县任务分配表', '宁都县任务分配表'],
      },
      { line: 2, cells: ['乡镇', '片区', '基数', '时间'] },
      { line: 3, cells: ['甲', '一片', '100', '2023-12-22 09:00:00'] },
      { line: 4, cells: ['乙', '一片', '0.3', '200'] },
      { line: 6, cells: ['丙镇', '二片', '7', '2024-01-31'] },
    ]);
  });

  it('reads a named sheet, and refuses an absent one naming the sheets there are', async () => {
    const bytes = await xlsx((sheet, book) => {
      sheet.addRow(['x']);
      book.addWorksheet('名单').addRow(['身份证号码']);
    });
    expect(
      ((await readOperatorFile(bytes, { sheet: '名单' })) as TabularFile).rows[0].cells,
    ).toEqual(['身份证号码']);
    expect(await refusal(() => readOperatorFile(bytes, { sheet: '附件2' }))).toMatchObject({
      rule: 'file.sheet',
      message: expect.stringContaining('Sheet1, 名单'),
    });
  });

  it('refuses an ID number Excel stored as a number (its last digits are lost), naming the cell', async () => {
    const bytes = await xlsx((sheet) => {
      sheet.addRow(['身份证号码']);
      sheet.addRow([Number('360730198005060112')]); // what Excel does to an ID typed as a number
    });
    expect(await refusal(() => readOperatorFile(bytes))).toMatchObject({
      rule: 'file.numberPrecision',
      message: expect.stringContaining('A2'),
    });
  });
});

describe('Reading operators files: the format comes from the content', () => {
  it('reads JSON Lines when the first line is an object, skipping blank and # lines', async () => {
    const file = await readOperatorFile(utf8('# export\n\n{"a":1}\n{"a":2}\n'));
    expect(file).toEqual({
      format: 'jsonl',
      encoding: 'utf-8',
      lines: [
        { line: 3, text: '{"a":1}' },
        { line: 4, text: '{"a":2}' },
      ],
    });
  });

  it('refuses old .xls workbooks, empty files and formats an import does not take', async () => {
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
    expect(await refusal(() => readOperatorFile(ole))).toMatchObject({
      rule: 'file.format',
      message: expect.stringContaining('.xls'),
    });
    expect(await refusal(() => readOperatorFile(new Uint8Array()))).toMatchObject({
      rule: 'file.empty',
    });
    expect(
      await refusal(() => readOperatorFile(utf8('{"a":1}\n'), { accept: ['csv', 'xlsx'] })),
    ).toMatchObject({ rule: 'file.format' });
  });

  it('turns a workbook back into CSV text with every row on its own line number', async () => {
    const bytes = await xlsx((sheet) => {
      sheet.addRow(['乡镇', '基数']);
      sheet.addRow([]);
      sheet.addRow(['梅江镇, 城区', 51248]);
    });
    const text = tabularAsCsvText((await readOperatorFile(bytes)) as TabularFile);
    expect(text).toBe('乡镇,基数\n\n"梅江镇, 城区",51248\n');
    expect(csvRecords(text)[1].line).toBe(3);
  });
});

import { csvCell, toCsv } from './csv';

describe('dashboard CSV', () => {
  it('writes what the columns show, with a byte-order mark and CRLF, quoting as RFC 4180', () => {
    const csv = toCsv(
      [
        { label: '乡镇（街道）', text: (r: { name: string; n: number }) => r.name },
        { label: '已参保', numeric: true, text: (r: { name: string; n: number }) => String(r.n) },
      ],
      [
        { name: '兰江街道', n: 1234 },
        { name: 'a,"b"', n: -5 },
      ],
    );
    expect(csv).toBe('\uFEFF乡镇（街道）,已参保\r\n兰江街道,1234\r\n"a,""b""",-5\r\n');
  });

  it('a text cell that a spreadsheet would run as a formula stays text', () => {
    expect(csvCell('=HYPERLINK("http://example.invalid")')).toBe(
      `"'=HYPERLINK(""http://example.invalid"")"`,
    );
    expect(csvCell('+86')).toBe("'+86");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('-5', true)).toBe('-5');
    expect(csvCell('<img src=x onerror=alert(1)>')).toBe('<img src=x onerror=alert(1)>');
  });
});

import { join } from 'node:path';
import { CHINESE_MESSAGES, chineseMessage, fieldName } from './chinese-messages';
import { localizeItems } from './localize';
import { scanRefusalRules } from './testing/refusal-rules-scan';

const ROOT = join(__dirname, '..', '..', '..', '..');

describe('Messages in Chinese first (issue 15): every refusal rule has a clerk’s message', () => {
  const { rules, unknownDecorators } = scanRefusalRules(ROOT);
  const codes = [...new Set(rules.map((r) => r.rule))].sort();

  it('the scan finds rules of every kind: domain, transport, files, class-validator, recorded rejections', () => {
    expect(codes).toEqual(
      expect.arrayContaining([
        'idNumber.checkCharacter',
        'enrollment.window',
        'request.tooLarge',
        'access.forbidden',
        'file.encoding',
        'file.header',
        'import.source',
        'validation.isIn',
        'validation.whitelistValidation',
        'claim.serviceDateWithinCoverage',
        'benefits.unknownResponsibility',
      ]),
    );
    expect(codes.length).toBeGreaterThan(150);
  });

  it('every DTO decorator maps to the constraint its refusals carry (a new decorator is added to the scan)', () => {
    expect(unknownDecorators).toEqual([]);
  });

  it('every rule code in the code base has its own Chinese message (not the generic fallback)', () => {
    const missing = rules
      .filter((r) => CHINESE_MESSAGES[r.rule] === undefined)
      .map((r) => `${r.rule} (${r.file}:${r.line})`);
    expect([...new Set(missing)]).toEqual([]);
  });

  it('each message is Chinese, names no rule code, and reads well without parameters', () => {
    for (const rule of Object.keys(CHINESE_MESSAGES)) {
      const text = chineseMessage({ field: 'person.idNumber', rule, message: 'English' });
      expect({ rule, text }).toEqual({ rule, text: expect.stringMatching(/[\u4e00-\u9fff]/) });
      expect(text).not.toContain(rule);
      expect(text).not.toMatch(/undefined|null|NaN|\[object/);
    }
  });
});

describe('Messages: the wording a clerk reads', () => {
  it('an ID number with a wrong check character: check the number, never "the last digit should be"', () => {
    expect(
      chineseMessage({ field: 'person.idNumber', rule: 'idNumber.checkCharacter', message: '' }),
    ).toBe('身份证号码有误：校验位不符，请对照身份证逐位核对号码');
  });

  it('a window refusal states the window and the time in Beijing time', () => {
    expect(
      chineseMessage({
        field: 'occurredAt',
        rule: 'enrollment.window',
        message: '',
        params: { opensOn: '2023-10-10', closesOn: '2023-12-10', at: '2026-12-02 07:49:17' },
      }),
    ).toBe(
      '不在参保期内：参保期为 2023-10-10 至 2023-12-10（北京时间），本次参保时间为 2026-12-02 07:49:17',
    );
  });

  it('amounts are in yuan; validation names the field in Chinese, list items counted from 1', () => {
    expect(
      chineseMessage({
        field: 'contributions',
        rule: 'contribution.sumEqualsPremium',
        message: '',
        params: { totalFen: 9999, premiumFen: 10000 },
      }),
    ).toBe('缴费金额合计 99.99 元，与应缴保费 100.00 元不符');
    expect(fieldName('enrollments[2].person.idNumber')).toBe('第 3 个参保人的身份证号码');
    expect(
      chineseMessage({
        field: 'contributions[1].amountFen',
        rule: 'validation.isInt',
        message: '',
      }),
    ).toBe('第 2 笔缴费的金额（分）应为整数（金额以分为单位）');
    expect(
      chineseMessage({ field: 'person.idNumber', rule: 'validation.matches', message: '' }),
    ).toBe('身份证号码应为 18 位：前 17 位是数字，最后一位是数字或 X');
  });

  it('localized items carry both languages and the values the messages name (docs/errors.md)', () => {
    const [item] = localizeItems(
      [{ field: 'occurredAt', rule: 'policy.eventOrder', message: 'en', params: { last: 'x' } }],
      'en',
    );
    expect(item).toEqual({
      field: 'occurredAt',
      rule: 'policy.eventOrder',
      message: 'en',
      messages: { zh: expect.stringContaining('（x，北京时间）'), en: 'en' },
      params: { last: 'x' },
    });
  });
});

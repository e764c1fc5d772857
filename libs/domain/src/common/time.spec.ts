import { DomainError } from './domain-error';
import { parseInstant, parseInstantOrEndOfDay } from './time';

const ruleOf = (f: () => unknown) => {
  try {
    f();
    return undefined;
  } catch (e) {
    return (e as DomainError).rule;
  }
};

describe('Time (DOMAIN.md: "All dates are Asia/Shanghai (UTC+8)")', () => {
  it('an instant must carry its offset', () => {
    expect(parseInstant('2024-01-31T23:59:59+08:00', 'asOf')).toBe(
      Date.parse('2024-01-31T15:59:59Z'),
    );
    expect(ruleOf(() => parseInstant('2024-01-31T23:59:59', 'asOf'))).toBe('instant.format');
  });

  it.each([
    '2024-02-30T00:00:00+08:00',
    '2023-02-29T12:00:00Z',
    '2024-13-01T00:00:00Z',
    '2024-01-31T24:00:00+08:00',
    '2024-01-31T23:60:00+08:00',
    '2024-01-31T23:59:60+08:00',
    '2024-01-31T12:00:00+15:00',
  ])('an impossible calendar instant is refused, never rolled over: %s', (value) => {
    expect(ruleOf(() => parseInstant(value, 'asOf'))).toBe('instant.format');
  });

  it('a plain date means the end of that Shanghai day (the deadline figure)', () => {
    expect(parseInstantOrEndOfDay('2024-01-31', 'asOf')).toBe(
      Date.parse('2024-01-31T23:59:59.999+08:00'),
    );
    expect(ruleOf(() => parseInstantOrEndOfDay('2024-02-30', 'asOf'))).toBe('date.format');
  });
});

import { quotePremium } from './premium';
import { PremiumSchedule } from './plan-definition';

const AGE_BANDS: PremiumSchedule = {
  rules: [
    {
      id: 'under-18',
      description: { zh: '18岁以下', en: 'Under 18' },
      amountFen: 4900,
      when: { maxAge: 17 },
    },
    {
      id: 'female-18-59',
      description: { zh: '18-59岁女性', en: 'Women 18-59' },
      amountFen: 8900,
      when: { minAge: 18, maxAge: 59, sex: 'female' },
    },
    {
      id: '60-plus',
      description: { zh: '60岁以上', en: '60 and over' },
      amountFen: 15900,
      when: { minAge: 60 },
    },
  ],
  defaultFen: 9900,
};

describe('Premium rules (DOMAIN.md, Premium: age bands and sex for risk-based pricing)', () => {
  it('Premium: age bands use whole years on the coverage start date', () => {
    expect(quotePremium(AGE_BANDS, { birthDate: '2006-01-02', sex: 'male' }, '2024-01-01')).toEqual(
      { amountFen: 4900, ruleId: 'under-18' },
    );
    expect(quotePremium(AGE_BANDS, { birthDate: '2006-01-01', sex: 'male' }, '2024-01-01')).toEqual(
      { amountFen: 9900, ruleId: 'default' },
    );
    expect(
      quotePremium(AGE_BANDS, { birthDate: '1964-01-01', sex: 'male' }, '2024-01-01').ruleId,
    ).toBe('60-plus');
    expect(
      quotePremium(AGE_BANDS, { birthDate: '1964-01-02', sex: 'male' }, '2024-01-01').ruleId,
    ).toBe('default');
  });

  it('Premium: a rule may depend on sex; the first matching rule wins', () => {
    expect(
      quotePremium(AGE_BANDS, { birthDate: '1990-06-01', sex: 'female' }, '2024-01-01').amountFen,
    ).toBe(8900);
    expect(
      quotePremium(AGE_BANDS, { birthDate: '1990-06-01', sex: 'male' }, '2024-01-01').amountFen,
    ).toBe(9900);
  });
});

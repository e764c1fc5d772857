import { testPlanDefinition } from '../testing/fixtures';
import { SubsidyCategory } from './plan-definition';
import { findSubsidyCategory } from './subsidy-category-name';

const category = (code: string, zh: string): SubsidyCategory => ({
  code,
  name: { zh, en: code },
  kind: 'full',
  funder: { zh: '财政', en: 'Finance' },
});

describe('Subsidy categories named in Chinese (issue 15: 低保 is accepted, not only di_bao)', () => {
  const qingliu = testPlanDefinition({
    subsidyCategories: [
      category('te_kun', '特困供养人员'),
      category('di_bao', '低保对象'),
      category('di_bian', '低边'),
    ],
  });

  it('finds a category by code, Chinese name, or a shorter form of it when only one fits', () => {
    expect(findSubsidyCategory(qingliu, 'di_bao')?.code).toBe('di_bao');
    expect(findSubsidyCategory(qingliu, '低保对象')?.code).toBe('di_bao');
    expect(findSubsidyCategory(qingliu, ' 低保 ')?.code).toBe('di_bao');
    expect(findSubsidyCategory(qingliu, '特困')?.code).toBe('te_kun');
  });

  it('finds nothing for an unknown or ambiguous name (低 fits two), nor for another kind', () => {
    expect(findSubsidyCategory(qingliu, '孤儿')).toBeUndefined();
    expect(findSubsidyCategory(qingliu, '低')).toBeUndefined();
    expect(findSubsidyCategory(qingliu, '')).toBeUndefined();
    expect(findSubsidyCategory(qingliu, '低保', 'encouraged')).toBeUndefined();
  });
});

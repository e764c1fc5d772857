import { LocalizedName } from '@ledger/domain';

/**
 * The county-level divisions of 九江市 (GB/T 2260 codes, as the national division codes list
 * them; not from a seed). Used to name the counties of 惠得保's cumulative view and by the
 * synthetic demo to give people a place of basic insurance.
 */
export const JIUJIANG_COUNTIES: Readonly<Record<string, LocalizedName>> = {
  '360402': { zh: '濂溪区', en: 'Lianxi District' },
  '360403': { zh: '浔阳区', en: 'Xunyang District' },
  '360404': { zh: '柴桑区', en: 'Chaisang District' },
  '360423': { zh: '武宁县', en: 'Wuning County' },
  '360424': { zh: '修水县', en: 'Xiushui County' },
  '360425': { zh: '永修县', en: 'Yongxiu County' },
  '360426': { zh: '德安县', en: "De'an County" },
  '360428': { zh: '都昌县', en: 'Duchang County' },
  '360429': { zh: '湖口县', en: 'Hukou County' },
  '360430': { zh: '彭泽县', en: 'Pengze County' },
  '360481': { zh: '瑞昌市', en: 'Ruichang' },
  '360482': { zh: '共青城市', en: 'Gongqingcheng' },
  '360483': { zh: '庐山市', en: 'Lushan' },
};

/** County names for a product's region (a city's GB/T 2260 code), where the ledger has them. */
export function countyNamesOf(
  regionCode: string,
): Readonly<Record<string, LocalizedName>> | undefined {
  return regionCode === '360400' ? JIUJIANG_COUNTIES : undefined;
}

import { composeResidentId } from '@ledger/domain';

export const NINGDU = '360730';
export const YUYAO = '330281';

/** The people of the story; ID numbers made up, with valid check characters. */
export const EXAMPLE_PEOPLE = {
  zhangSan: composeResidentId(NINGDU, '1980-05-06', 11),
  liSi: composeResidentId(NINGDU, '2010-02-02', 23),
  liSiMother: composeResidentId(NINGDU, '1982-07-15', 24),
  wangWu: composeResidentId(NINGDU, '2012-09-09', 35),
  wangWuFather: composeResidentId(NINGDU, '1979-01-21', 37),
  zhaoLiu: composeResidentId(NINGDU, '1975-04-05', 41),
  sunQi: composeResidentId(NINGDU, '1990-10-10', 52),
  zhouBa: composeResidentId(NINGDU, '2015-06-06', 61),
  zhouBaFather: composeResidentId(NINGDU, '1985-03-03', 63),
  yuyaoSelfPayer: composeResidentId(YUYAO, '1960-02-02', 11),
  rosterNewcomer: composeResidentId(YUYAO, '1958-08-08', 13),
  rosterUnmatched: composeResidentId(YUYAO, '1950-05-05', 15),
} as const;

/** Yuyao union members bought cover for as a group (团体参保), and people of an uploaded file. */
export const MORE_PEOPLE = {
  unionMemberA: composeResidentId(YUYAO, '1985-01-01', 71),
  unionMemberB: composeResidentId(YUYAO, '1986-02-02', 73),
  fileRowA: composeResidentId(NINGDU, '1970-07-07', 81),
  fileRowB: composeResidentId(NINGDU, '1972-08-08', 83),
} as const;

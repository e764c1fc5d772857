import { trendSeries } from './trend';

describe('dashboard trend series', () => {
  const perDay = {
    '2023-12-13': { enrolled: 3, ended: 0 },
    '2023-12-15': { enrolled: 2, ended: 1 },
  };

  it('spans the campaign day by day; the cumulative curve stops at the reference date', () => {
    const s = trendSeries(perDay, {
      opensOn: '2023-12-12',
      deadline: '2023-12-16',
      referenceDate: '2023-12-14',
    });
    expect(s.dates).toEqual(['2023-12-12', '2023-12-13', '2023-12-14', '2023-12-15', '2023-12-16']);
    expect(s.enrolled).toEqual([0, 3, 0, 2, 0]);
    expect(s.ended).toEqual([0, 0, 0, 1, 0]);
    expect(s.cumulative).toEqual([0, 3, 3, null, null]);
    expect(s.pace).toBeUndefined();
  });

  it('the pace line reaches the first target on the deadline', () => {
    const s = trendSeries(perDay, {
      opensOn: '2023-12-12',
      deadline: '2023-12-16',
      referenceDate: '2024-06-01',
      target: 100,
    });
    expect(s.cumulative).toEqual([0, 3, 3, 4, 4]);
    expect(s.pace).toEqual([20, 40, 60, 80, 100]);
  });

  it('late facts outside the window extend the axis; no dates at all give an empty series', () => {
    const s = trendSeries(
      { '2023-12-18': { enrolled: 1, ended: 0 } },
      { opensOn: '2023-12-16', deadline: '2023-12-17', referenceDate: '2024-01-01' },
    );
    expect(s.dates).toEqual(['2023-12-16', '2023-12-17', '2023-12-18']);
    expect(trendSeries({}, { referenceDate: '2024-01-01' }).dates).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { deliveredBy, lastVisitOn, odometerSteps, type FactVisit } from './facts';

const visit = (id: string, vehicleId: string | null, date: string, mileageKm: number | null): FactVisit => ({ id, vehicleId, date, amountFen: 0, mileageKm });

describe('fact helpers', () => {
  it('deliveredBy: deliveries on or before today, ascending, once each', () => {
    expect(deliveredBy({ deliveryDates: ['2026-03-01', '2025-01-01', '2026-03-01', '2026-07-01'] }, '2026-06-30')).toEqual(['2025-01-01', '2026-03-01']);
  });

  it('lastVisitOn: the latest visit on or before today, paid or free', () => {
    expect(lastVisitOn([{ date: '2026-01-01' }, { date: '2026-05-01' }, { date: '2026-07-01' }], '2026-06-30')).toBe('2026-05-01');
    expect(lastVisitOn([], '2026-06-30')).toBeNull();
  });

  it('odometerSteps: pairs each reading with the same vehicle\'s previous one, by date', () => {
    const steps = odometerSteps(
      [
        visit('c', 'car1', '2026-03-01', 21_000),
        visit('a', 'car1', '2026-01-01', 9_500),
        visit('b', 'car2', '2026-02-01', 3_000),
        visit('d', 'car2', '2026-04-01', null), // unknown reading: skipped
        visit('e', null, '2026-04-02', 50_000), // unknown vehicle: skipped
        visit('f', 'car2', '2026-05-01', 12_000),
        visit('g', 'car1', '2026-07-01', 30_000), // after today
      ],
      '2026-06-30',
    );
    expect(steps.map((s) => [s.visit.id, s.previousKm])).toEqual([['a', null], ['b', null], ['c', 9_500], ['f', 3_000]]);
  });
});

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
      500,
    );
    expect(steps.map((s) => [s.visit.id, s.previousKm])).toEqual([['a', null], ['b', null], ['c', 9_500], ['f', 3_000]]);
  });

  it('odometerSteps: a reading typed a digit long or short crosses nothing; the next true one counts from the highest true one', () => {
    const steps = odometerSteps(
      [
        visit('a', 'car', '2026-01-10', 60_000),
        visit('b', 'car', '2026-03-10', 650_000), // 590,000 km in 59 days: a digit too many
        visit('c', 'car', '2026-05-10', 69_000),
        visit('d', 'car', '2026-07-10', 7_200), // a digit short
        visit('e', 'car', '2026-09-10', 75_000),
        visit('f', 'car', '2026-09-11', 75_450), // a long day's drive: within 500 km
      ],
      '2026-12-31',
      500,
    );
    expect(steps.map((s) => [s.visit.id, s.previousKm])).toEqual([['a', null], ['b', null], ['c', 60_000], ['d', 69_000], ['e', 69_000], ['f', 75_000]]);
  });

  it('odometerSteps: the quick way for readings that only go up believably gives what the full count gives', () => {
    let seed = 3;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let run = 0; run < 300; run++) {
      let km = Math.floor(random() * 60_000);
      const car = Array.from({ length: 1 + Math.floor(random() * 10) }, (_, i) => {
        km += Math.floor(random() * 9_000);
        return visit(`a${i}`, 'car', new Date(Date.UTC(2024, 0, 1 + i * 60 + Math.floor(random() * 3))).toISOString().slice(0, 10), random() < 0.1 ? null : km);
      });
      // A second car with a digit too many sends the customer the full way.
      const other = [visit('b0', 'other', '2024-01-05', 10_000), visit('b1', 'other', '2024-02-05', 100_000)];
      const quick = odometerSteps(car, '2026-12-31', 500).map((x) => [x.visit.id, x.previousKm]);
      const full = odometerSteps([...car, ...other], '2026-12-31', 500).filter((x) => x.visit.vehicleId === 'car').map((x) => [x.visit.id, x.previousKm]);
      expect(quick).toEqual(full);
    }
  });

  it('odometerSteps: reads the readings as the mileage points count them: a first reading a digit long is passed over, a long trip borne out', () => {
    const steps = (...v: FactVisit[]) => odometerSteps(v, '2026-12-31', 500).map((s) => [s.visit.id, s.previousKm]);
    // 58,000 typed 580,000 on the first visit: the next readings still cross 70,000 and 80,000.
    expect(steps(visit('a', 'car', '2025-01-10', 580_000), visit('b', 'car', '2025-07-10', 61_000), visit('c', 'car', '2026-01-10', 68_000), visit('d', 'car', '2026-07-10', 75_000), visit('e', 'car', '2026-12-10', 82_000)))
      .toEqual([['a', null], ['b', null], ['c', 61_000], ['d', 68_000], ['e', 75_000]]);
    // 3,000 km in three days, borne out by the next day's reading: the trip crosses 60,000 as it happened.
    expect(steps(visit('a', 'car', '2026-05-01', 58_000), visit('b', 'car', '2026-05-04', 61_000), visit('c', 'car', '2026-05-05', 61_200)))
      .toEqual([['a', null], ['b', 58_000], ['c', 61_000]]);
  });
});

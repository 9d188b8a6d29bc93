import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from './config';
import { activityPoints, balance, canRedeem, carMileagePoints, mileageCorrection, mileageNote, mileageNoteReadings, mileagePoints, recountFromCorrectedStart, redeem, redeemValueFen, referralPoints, transfer, visitPoints, visitPointsCorrection, visitPointsRate } from './points';

describe('visit points: floor(CNY x tier multiplier)', () => {
  it.each([
    [100_000, 'normal', 1000],
    [100_000, 'silver', 1200],
    [100_000, 'gold', 1500],
    [100_000, 'diamond', 2000],
    [3_500, 'silver', 42], // 35 x 1.2 = 42 exactly (float would give 41.99...)
    [150, 'normal', 1], // 1.5 CNY -> 1 point
    [99, 'diamond', 1], // 0.99 CNY x 2 = 1.98 -> 1
    [99, 'normal', 0],
    [12_345, 'gold', 185], // 123.45 x 1.5 = 185.175
    [0, 'diamond', 0], // a free visit
    [-5_000, 'gold', 0], // a refund earns nothing here (reversed by its own entry)
  ] as const)('%i fen at %s -> %i points', (amountFen, tier, points) => {
    expect(visitPoints(amountFen, tier, DEFAULT_RULES)).toBe(points);
  });

  it('is exact for every amount of whole CNY at 1.2 (no float drift)', () => {
    for (let cny = 0; cny < 5000; cny++) expect(visitPoints(cny * 100, 'silver', DEFAULT_RULES)).toBe(Math.floor((cny * 12) / 10));
  });
});

describe('a corrected visit amount: recounted at the rate it was earned at', () => {
  it.each([
    ['gold', 500_000, 7_500, 50_000, -6_750], // 5,000 CNY corrected to 500: 7,500 -> 750
    ['gold', 50_000, 750, 500_000, 6_750], // and back up
    ['silver', 3_500, 42, 3_500, 0], // the same amount: nothing
    ['silver', 3_500, 42, 7_000, 42], // 70 CNY x 1.2 = 84, exactly
    ['diamond', 100_000, 2_000, 0, -2_000], // corrected to a free visit: the points go
    ['normal', 150, 1, 15_000, 149], // a tiny first amount still recounts exactly (a rate, not a ratio)
  ] as const)('earned at %s on %i fen (%i points), corrected to %i fen: %i', (tier, earnedOn, earned, corrected, change) => {
    const rate = visitPointsRate(tier, DEFAULT_RULES);
    expect(visitPoints(earnedOn, tier, DEFAULT_RULES)).toBe(earned);
    expect(visitPointsCorrection(rate, corrected, earned)).toBe(change);
    // A second correction counts from what the spend holds after the first.
    expect(visitPointsCorrection(rate, earnedOn, earned + change)).toBe(0 - change || 0);
  });

  it('keeps the rate of the day it was earned: a customer who has moved up since is not recounted at the new tier', () => {
    const silver = visitPointsRate('silver', DEFAULT_RULES);
    expect(silver).toBe(1200);
    expect(visitPointsCorrection(silver, 200_000, 1200)).toBe(1200); // 2,000 CNY at 1.2, not at gold's 1.5
  });
});

describe('other earning', () => {
  it('a successful referral earns 6,000', () => {
    expect(referralPoints(DEFAULT_RULES)).toBe(6000);
  });

  it.each([
    [10_000, 10_550, 50], // passes the 10,100 .. 10,500 marks
    [10_050, 10_149, 10], // passes 10,100
    [10_000, 10_099, 0],
    [0, 100, 10],
    [null, 5_000, 0], // first known reading
    [5_000, null, 0],
    [8_000, 7_000, 0], // odometer went backwards
  ] as const)('mileage %j -> %j km: %i points', (previousKm, currentKm, points) => {
    expect(mileagePoints(previousKm, currentKm, DEFAULT_RULES)).toBe(points);
  });

  it('loses no kilometres between visits (10 per 100 km overall)', () => {
    const readings = [0, 150, 290, 410, 1000];
    let total = 0;
    for (let i = 1; i < readings.length; i++) total += mileagePoints(readings[i - 1] ?? 0, readings[i] ?? 0, DEFAULT_RULES);
    expect(total).toBe(100);
  });

  it("a mileage entry's note says its readings, and HQ reads them back", () => {
    expect(mileageNote(40_588, 43_951)).toBe('40,588 → 43,951 km');
    expect(mileageNoteReadings(mileageNote(40_588, 43_951))).toEqual({ fromKm: 40_588, toKm: 43_951 });
    expect(mileageNoteReadings(mileageNote(null, 900))).toEqual({ fromKm: null, toKm: 900 });
    for (const other of [null, '', '×1.5', 'survey_completed: 好评', '40,588 → 43,951']) expect(mileageNoteReadings(other)).toBeNull();
  });

  describe('a reading the dealer system corrects', () => {
    const car = (...v: [id: string, date: string, km: number | null, earned: boolean][]) => v.map(([id, date, km, earned]) => ({ id, date, km, earned }));

    it('a digit too many (68,000 for 6,800) takes back what it paid, and the next visit earns from the true reading', () => {
      const visits = car(['v1', '2026-01-10', 5_000, true], ['v2', '2026-04-10', 6_800, true], ['v3', '2026-07-10', 8_000, true]);
      // Earned on 68,000: 5,000 -> 68,000 paid 6,300; v3 then earned nothing.
      expect(mileageCorrection(visits, 'v2', 68_000, DEFAULT_RULES)).toBe(300 - 6_300);
      expect(carMileagePoints(visits, DEFAULT_RULES)).toBe(300); // 5,000 -> 8,000
    });

    it('a reading typed too low and corrected up: the kilometres move between visits, the total follows the true readings', () => {
      const visits = car(['v1', '2026-01-10', 60_000, true], ['v2', '2026-04-10', 68_000, true], ['v3', '2026-07-10', 70_000, true]);
      // Before: v2 at 6,800 earned nothing, v3 60,000 -> 70,000 = 1,000. After: 800 + 200.
      expect(mileageCorrection(visits, 'v2', 6_800, DEFAULT_RULES)).toBe(0);
    });

    it('counts only visits that earned; a visit sent late keeps what it had apart from the correction', () => {
      // v3 was paid 10,000 -> 12,000 before v2 (11,000, dated between) arrived; then v3 corrected to 12,500.
      const visits = car(['v1', '2026-01-10', 10_000, true], ['v2', '2026-02-10', 11_000, true], ['v3', '2026-03-10', 12_500, true], ['v4', '2026-04-10', 13_000, false]);
      expect(mileageCorrection(visits, 'v3', 12_000, DEFAULT_RULES)).toBe(50);
      expect(mileageCorrection(visits, 'v4', 99_000, DEFAULT_RULES)).toBe(0);
      // A reading removed (unknown) pays nothing from it.
      expect(mileageCorrection(car(['v1', '2026-01-10', 10_000, true], ['v2', '2026-02-10', null, true]), 'v2', 10_500, DEFAULT_RULES)).toBe(-50);
    });
  });

  it('activities earn configured amounts; an unknown code earns nothing', () => {
    expect(activityPoints('survey_completed', DEFAULT_RULES)).toBe(100);
    expect(activityPoints('toString', DEFAULT_RULES)).toBeNull();
    expect(activityPoints('nope', DEFAULT_RULES)).toBeNull();
  });
});

describe('ledger, redemption and transfer', () => {
  it('a balance is the sum of the ledger (points never expire)', () => {
    expect(balance([])).toBe(0);
    expect(balance([{ points: 1200 }, { points: 6000 }, { points: -1000 }, { points: 1000 }, { points: -1000 }])).toBe(6200);
  });

  it('1,000 points = 200 CNY = 20,000 fen', () => {
    expect(redeemValueFen(1000, DEFAULT_RULES)).toBe(20_000);
    expect(redeemValueFen(1, DEFAULT_RULES)).toBe(20);
  });

  it.each([
    [1000, 1000, true],
    [1000, 1001, false],
    [1000, 0, false],
    [1000, -5, false],
    [1000, 1.5, false],
    [0, 1, false],
  ] as const)('balance %i, redeem %i -> %s', (bal, points, ok) => {
    expect(canRedeem(bal, points)).toBe(ok);
    expect(redeem({ customerId: 'a', balance: bal }, points).ok).toBe(ok);
  });

  it('a redemption is a negative entry', () => {
    expect(redeem({ customerId: 'a', balance: 5000 }, 2000)).toEqual({ ok: true, entry: { customerId: 'a', kind: 'redemption', points: -2000 } });
    expect(redeem({ customerId: 'a', balance: 5000 }, 0)).toEqual({ ok: false, reason: 'invalid_points' });
    expect(redeem({ customerId: 'a', balance: 5000 }, 5001)).toEqual({ ok: false, reason: 'insufficient_balance' });
  });

  it('a transfer is a pair of entries that sums to zero', () => {
    const result = transfer({ customerId: 'dad', balance: 7000 }, { customerId: 'son' }, 7000);
    expect(result).toEqual({
      ok: true,
      entries: [
        { customerId: 'dad', kind: 'transfer_out', points: -7000 },
        { customerId: 'son', kind: 'transfer_in', points: 7000 },
      ],
    });
    if (result.ok) expect(balance(result.entries)).toBe(0);
  });

  it.each([
    [7000, 7001, 'son', 'insufficient_balance'],
    [7000, 0, 'son', 'invalid_points'],
    [7000, 10.5, 'son', 'invalid_points'],
    [7000, 100, 'dad', 'same_customer'],
  ] as const)('balance %i, transfer %d to %s: refused (%s)', (bal, points, to, reason) => {
    expect(transfer({ customerId: 'dad', balance: bal }, { customerId: to }, points)).toEqual({ ok: false, reason });
  });
});

describe('recountFromCorrectedStart: a desk counted from a reading HQ has corrected since', () => {
  const car = [
    { id: 'a', date: '2026-01-10', km: 60_000, earned: true },
    { id: 'b', date: '2026-04-10', km: 68_000, earned: true },
    { id: 'c', date: '2026-05-10', km: 70_000, earned: false },
  ];
  it('recounts from the highest earlier reading as it is now', () => {
    expect(recountFromCorrectedStart(car, 'b', 5_000, DEFAULT_RULES)).toEqual({ points: 800, fromKm: 60_000 });
  });
  it('leaves an entry whose start is still a reading of the car (its own reading corrected: mileageCorrection)', () => {
    expect(recountFromCorrectedStart(car, 'b', 60_000, DEFAULT_RULES)).toBeNull();
    expect(recountFromCorrectedStart(car, 'b', 70_000, DEFAULT_RULES)).toBeNull();
  });
  it('pays nothing when no earlier reading is left (the first known reading earns nothing)', () => {
    expect(recountFromCorrectedStart(car, 'a', 1_000, DEFAULT_RULES)).toEqual({ points: 0, fromKm: null });
  });
});

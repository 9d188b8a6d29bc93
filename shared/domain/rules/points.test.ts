import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from './config';
import { activityPoints, balance, canRedeem, mileagePoints, redeem, redeemValueFen, referralPoints, transfer, visitPoints } from './points';

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

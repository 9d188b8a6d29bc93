import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES, parseRulesConfig } from './config';
import { type CarVisitState, activityPoints, heldReading, balance, canRedeem, carMileagePoints, mileageNote, mileageOwed, mileagePoints, countStart, earnsInProgramme, redeem, visitMileage, redeemValueFen, referralPoints, transfer, visitPoints, visitPointsCorrection, visitPointsRate } from './points';

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

  it("a mileage entry's note says its readings, grouped by thousands; an unknown one is ?", () => {
    expect(mileageNote(40_588, 43_951)).toBe('40,588 → 43,951 km');
    expect(mileageNote(null, 900)).toBe('? → 900 km');
  });

  describe("mileageOwed: what a car's mileage entries are short of on its readings as they are", () => {
    type V = [id: string, date: string, km: number | null, deleted?: boolean];
    const visits = (...v: V[]) => v.map(([id, date, km, deleted]) => ({ id, date, km, deleted: deleted ?? false }));
    const entry = (id: string, visitId: string, kind: string, points: number, reversesId: string | null = null) => ({ id, visitId, kind, points, reversesId });
    const owed = (v: ReturnType<typeof visits>, e: ReturnType<typeof entry>[]) => mileageOwed(v, e, DEFAULT_RULES, null);

    it('a digit too many (68,000 for 6,800) takes back what it paid: the next visit earns from the true reading', () => {
      const car = visits(['v1', '2026-01-10', 5_000], ['v2', '2026-04-10', 6_800], ['v3', '2026-07-10', 8_000]);
      const paid = [entry('e1', 'v1', 'earn_visit', 500), entry('m2', 'v2', 'mileage', 6_300), entry('e3', 'v3', 'earn_visit', 600)];
      expect(owed(car, paid)).toBe(300 - 6_300);
      // Once adjusted (an adjustment naming the entry it adjusts), nothing more; one naming none is the spend's.
      expect(owed(car, [...paid, entry('a1', 'v2', 'adjustment', -6_000, 'm2'), entry('a2', 'v2', 'adjustment', -100)])).toBe(0);
    });

    it('owes nothing for counts made in any order on the true readings (a visit sent late, a later one earned first)', () => {
      // v3 paid 10,000 -> 12,000 first; v2 (11,000, dated between) then earned its spend only on the desk.
      const car = visits(['v1', '2026-01-10', 10_000], ['v2', '2026-02-10', 11_000], ['v3', '2026-03-10', 12_000]);
      expect(owed(car, [entry('e1', 'v1', 'earn_visit', 1), entry('m3', 'v3', 'mileage', 200), entry('e2', 'v2', 'earn_visit', 1)])).toBe(0);
      // The same kilometres split the other way.
      expect(owed(car, [entry('e1', 'v1', 'earn_visit', 1), entry('m2', 'v2', 'mileage', 100), entry('m3', 'v3', 'mileage', 100)])).toBe(0);
    });

    it('pays the kilometres of a reading corrected up once, whichever visit held them', () => {
      // Jan 60,000, Apr 6,800 corrected to 68,000, Jul 75,000: April earned its spend only, July 60,000 -> 75,000.
      const car = visits(['v1', '2026-01-10', 60_000], ['v2', '2026-04-10', 68_000], ['v3', '2026-07-10', 75_000]);
      expect(owed(car, [entry('e1', 'v1', 'earn_visit', 1), entry('e2', 'v2', 'earn_visit', 1), entry('m3', 'v3', 'mileage', 1_500)])).toBe(0);
      // July not earned yet: April is owed its 800.
      expect(owed(car, [entry('e1', 'v1', 'earn_visit', 1), entry('e2', 'v2', 'earn_visit', 1)])).toBe(800);
    });

    it('says where a visit counts from: the highest reading counted before it; deleted unearned visits aside', () => {
      const car = visits(['v1', '2026-01-10', 10_000], ['vd', '2026-02-10', 50_000, true], ['v2', '2026-03-10', 9_000], ['v3', '2026-04-10', 12_000], ['v4', '2026-05-10', 13_000]);
      // v1's 10,000 is the first known reading; v2 (9,000, typed too low) earned counts from it and moves nothing.
      const states = car.map((v) => ({ ...v, earned: v.id === 'v2' || v.id === 'v4' }));
      expect(countStart(states, 'v2', DEFAULT_RULES, null)).toBe(10_000);
      // v3 never earned: passed over; v4 counts from 10,000 (no kilometres lost behind v3).
      expect(countStart(states, 'v4', DEFAULT_RULES, null)).toBe(10_000);
      // A first reading above every earned one (a digit too many) is passed over: the count starts at the first earned.
      const typo = visits(['v0', '2026-01-10', 590_000], ['v1', '2026-02-10', 60_000], ['v2', '2026-03-10', 65_000]).map((v) => ({ ...v, earned: v.id !== 'v0' }));
      expect(countStart(typo, 'v1', DEFAULT_RULES, null)).toBeNull();
      expect(countStart(typo, 'v2', DEFAULT_RULES, null)).toBe(60_000);
    });

    it('a late free visit between two paid ones takes nothing from them; earned, it adds nothing either', () => {
      // Jan 60,000 and Jul 75,000 paid (1,500); April (0 CNY, 70,000) arrives later from the dealer system.
      const car = visits(['v1', '2026-01-10', 60_000], ['v2', '2026-04-10', 70_000], ['v3', '2026-07-10', 75_000]);
      const paid = [entry('e1', 'v1', 'earn_visit', 1), entry('m3', 'v3', 'mileage', 1_500)];
      expect(owed(car, paid)).toBe(0);
      const states = car.map((v) => ({ ...v, earned: v.id !== 'v2' }));
      expect(visitMileage(states, 'v2', 1_500, DEFAULT_RULES, null)).toEqual({ points: 0, fromKm: 60_000, held: null });
    });

    it('passes over a first reading with a digit too many, whichever visits earned', () => {
      // A free check's 15,200 km typed 51,200; paid visits from 20,000 to 60,000: 40,000 km, 4,000 points.
      const car = visits(['v0', '2026-01-10', 51_200], ['v1', '2026-02-10', 20_000], ['v2', '2026-03-10', 30_000], ['v3', '2026-04-10', 40_000], ['v4', '2026-05-10', 50_000], ['v5', '2026-06-10', 52_000], ['v6', '2026-07-10', 60_000]);
      expect(carMileagePoints(car.map((v) => ({ ...v, earned: v.id !== 'v0' })), DEFAULT_RULES, null)).toBe(4_000);
      expect(carMileagePoints(car.map((v) => ({ ...v, earned: v.id !== 'v0' && v.id !== 'v5' && v.id !== 'v6' })), DEFAULT_RULES, null)).toBe(3_000);
    });

    it('keeps what a visit deleted after it earned holds; a deleted visit that never earned is not read', () => {
      const paid = [entry('e1', 'v1', 'earn_visit', 1), entry('md', 'vd', 'mileage', 100), entry('m2', 'v2', 'mileage', 100)];
      expect(owed(visits(['v1', '2026-01-10', 10_000], ['vd', '2026-02-10', 11_000, true], ['v2', '2026-03-10', 12_000]), paid)).toBe(0);
      // A reading of 999,999 on a visit deleted unearned takes nothing from the next one.
      expect(owed(visits(['v1', '2026-01-10', 10_000], ['vd', '2026-02-10', 999_999, true], ['v2', '2026-03-10', 12_000]), [entry('e1', 'v1', 'earn_visit', 1), entry('m2', 'v2', 'mileage', 200)])).toBe(0);
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

describe('visitMileage: what a desk pays for a visit, in any order', () => {
  it('never counts less for a visit earned, typos and all: the desk pays the count, HQ has nothing to adjust', () => {
    let seed = 11;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let run = 0; run < 1_000; run++) {
      const n = 2 + Math.floor(random() * 7);
      let km = Math.floor(random() * 50_000);
      const car: CarVisitState[] = Array.from({ length: n }, (_, i) => {
        km += Math.floor(random() * 8_000);
        // A digit too many or too few now and then, anywhere (the first reading too).
        const typed = random() < 0.15 ? (random() < 0.5 ? km * 10 : Math.floor(km / 10)) : km;
        return { id: `v${i}`, date: `2026-${String(1 + i).padStart(2, '0')}-10`, km: random() < 0.15 ? null : typed, deleted: false, earned: false };
      });
      let states = car;
      let held = 0;
      for (const i of [...car.keys()].sort(() => random() - 0.5)) {
        if (random() < 0.3) continue;
        const before = carMileagePoints(states, DEFAULT_RULES, null);
        held += visitMileage(states, `v${i}`, held, DEFAULT_RULES, null).points;
        states = states.map((v) => (v.id === `v${i}` ? { ...v, earned: true } : v));
        expect(carMileagePoints(states, DEFAULT_RULES, null)).toBeGreaterThanOrEqual(before);
        expect(carMileagePoints(states, DEFAULT_RULES, null)).toBe(held);
      }
    }
  });

  it('pays a car what its readings count, whatever order its visits arrive and are earned in (a steady odometer, unknown readings)', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let run = 0; run < 500; run++) {
      const n = 2 + Math.floor(random() * 6);
      // Readings that grow with the date (the same day: any order), some unknown.
      let km = Math.floor(random() * 50_000);
      const car = Array.from({ length: n }, (_, i) => {
        km += Math.floor(random() * 8_000);
        return { id: `v${String.fromCharCode(97 + Math.floor(random() * 26))}${i}`, date: `2026-${String(1 + i).padStart(2, '0')}-10`, km: random() < 0.2 ? null : km, deleted: false, earned: false };
      });
      // The dealer system sends the visits in some order; the advisor earns some of them in between.
      const arrival = [...car].sort(() => random() - 0.5);
      let known: CarVisitState[] = [];
      let held = 0;
      for (const v of arrival) {
        known = [...known, { ...v }];
        for (const w of known) {
          if (w.earned || random() < 0.4) continue;
          held += visitMileage(known, w.id, held, DEFAULT_RULES, null).points;
          known = known.map((x) => (x.id === w.id ? { ...x, earned: true } : x));
          // What HQ recounts is what the desk paid: no adjustment.
          expect(carMileagePoints(known, DEFAULT_RULES, null)).toBe(held);
        }
      }
      // A visit sent late that is the car's first known reading adds kilometres (paid with the next earning, or by HQ); nothing is taken back.
      expect(carMileagePoints(known, DEFAULT_RULES, null)).toBeGreaterThanOrEqual(held);
    }
  });
});

describe("a store's points programme start (stores.points_from): history before it earns nothing", () => {
  const START = '2025-01-01';
  const car = (...rows: [string, string, number | null, boolean?][]): CarVisitState[] =>
    rows.map(([id, date, km, earned]) => ({ id, date, km, deleted: false, earned: earned ?? false }));
  // Five years of dealer history imported at go-live, then the visits in the programme.
  const history = car(['h1', '2020-03-01', 8_000], ['h2', '2022-05-01', 41_000], ['h3', '2024-11-20', 78_000], ['n1', '2025-03-01', 84_500], ['n2', '2025-06-01', 90_050]);

  it("counts a car from its first reading in the programme, as a new customer's: the visits before the start are not read", () => {
    expect(visitMileage(history, 'n2', 0, DEFAULT_RULES, null)).toEqual({ points: 8_200, fromKm: 8_000, held: null });
    expect(visitMileage(history, 'n2', 0, DEFAULT_RULES, START)).toEqual({ points: 550, fromKm: 84_500, held: null });
    // The first visit in the programme earns its spend only: its reading is where the count begins.
    expect(visitMileage(history, 'n1', 0, DEFAULT_RULES, START).points).toBe(0);
    expect(earnsInProgramme('2024-12-31', START)).toBe(false);
    expect(earnsInProgramme(START, START)).toBe(true);
    expect(earnsInProgramme('1999-01-01', null)).toBe(true);
  });

  it('an older visit imported late, or one before the start corrected or deleted, moves nothing', () => {
    const earned = history.map((v) => (v.id === 'n2' ? { ...v, earned: true } : v));
    expect(carMileagePoints(earned, DEFAULT_RULES, START)).toBe(550);
    expect(carMileagePoints([...earned, ...car(['late', '2024-12-28', 80_000])], DEFAULT_RULES, START)).toBe(550);
    expect(carMileagePoints([...earned, ...car(['late', '2024-12-28', 800_000])], DEFAULT_RULES, START)).toBe(550);
    expect(carMileagePoints(earned.filter((v) => v.id !== 'h3'), DEFAULT_RULES, START)).toBe(550);
    // A digit too many on the first reading in the programme is passed over, as on any car.
    expect(carMileagePoints(car(['h', '2024-12-01', 60_000], ['a', '2025-02-01', 610_000], ['b', '2025-05-01', 61_000], ['c', '2025-08-01', 64_000, true]), DEFAULT_RULES, START)).toBe(300);
  });

  it('a car that earned on a visit before the start (a store given its start later) keeps the count it had', () => {
    const legacy = car(['h1', '2020-03-01', 8_000], ['h2', '2022-05-01', 41_000, true], ['h3', '2024-11-20', 78_000], ['n1', '2025-03-01', 84_500]);
    expect(visitMileage(legacy, 'n1', 3_300, DEFAULT_RULES, START)).toEqual(visitMileage(legacy, 'n1', 3_300, DEFAULT_RULES, null));
  });

  it('pays each kilometre in the programme once, whatever order its visits arrive and are earned in, whatever happens to the history', () => {
    let seed = 23;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let run = 0; run < 500; run++) {
      let km = Math.floor(random() * 30_000);
      // Four a year from 2023 (the start is 2025-01-01), on an odometer that only goes up, some readings unknown.
      const visits = Array.from({ length: 3 + Math.floor(random() * 8) }, (_, i) => {
        km += Math.floor(random() * 9_000);
        return { id: `v${i}`, date: `${2023 + Math.floor(i / 4)}-${String(1 + (i % 4) * 3).padStart(2, '0')}-10`, km: random() < 0.15 ? null : km, deleted: false, earned: false };
      });
      // The history before the start is imported at go-live; the visits after it come in any order, and are earned in between.
      let known: CarVisitState[] = visits.filter((v) => v.date < START).map((v) => ({ ...v }));
      let held = 0;
      for (const v of visits.filter((x) => x.date >= START).sort(() => random() - 0.5)) {
        known = [...known, { ...v }];
        for (const w of known) {
          if (w.earned || w.date < START || random() < 0.4) continue;
          const was = carMileagePoints(known, DEFAULT_RULES, START);
          held += visitMileage(known, w.id, held, DEFAULT_RULES, START).points;
          known = known.map((x) => (x.id === w.id ? { ...x, earned: true } : x));
          expect(carMileagePoints(known, DEFAULT_RULES, START)).toBeGreaterThanOrEqual(was);
          expect(carMileagePoints(known, DEFAULT_RULES, START), 'HQ recounts what the desk paid').toBe(held);
        }
      }
      const count = carMileagePoints(known, DEFAULT_RULES, START);
      // In all: the marks from the first reading in the programme to the highest earned reading.
      const base = visits.find((v) => v.date >= START && v.km !== null);
      const top = Math.max(-1, ...known.filter((v) => v.earned && v.km !== null).map((v) => v.km!));
      expect(count).toBe(base && top > base.km! ? (Math.floor(top / 100) - Math.floor(base.km! / 100)) * 10 : 0);
      expect(count).toBeGreaterThanOrEqual(held);
      // The dealer system then corrects, deletes or adds visits before the start: nothing moves.
      const rewritten = known.flatMap((v) => (v.date >= START ? [v] : random() < 0.3 ? [] : [{ ...v, km: random() < 0.5 ? v.km : Math.floor(random() * 900_000) }]));
      rewritten.push({ id: 'late', date: '2024-12-31', km: Math.floor(random() * 900_000), deleted: false, earned: false });
      expect(carMileagePoints(rewritten, DEFAULT_RULES, START)).toBe(count);
    }
  });
});

describe('a reading further above the count than a car is driven in the days between (mileageMaxKmPerDay): held back', () => {
  const car = (...rows: [string, string, number | null, boolean?][]): CarVisitState[] =>
    rows.map(([id, date, km, earned]) => ({ id, date, km, deleted: false, earned: earned ?? false }));
  const count = (c: CarVisitState[]) => carMileagePoints(c, DEFAULT_RULES, null);

  it('a digit too many on the latest reading pays nothing until it is borne out (it paid 64,000 points for 700,000 km)', () => {
    const typo = car(['a', '2026-01-10', 60_000, true], ['b', '2026-07-10', 700_000]);
    expect(visitMileage(typo, 'b', 0, DEFAULT_RULES, null).points).toBe(0);
    expect(heldReading(typo, 'b', DEFAULT_RULES, null)).toEqual({ km: 700_000, from: { km: 60_000, date: '2026-01-10' }, days: 181 });
    // The next reading below it leaves it out; its kilometres go to that one.
    const next = [...typo.map((v) => ({ ...v, earned: true })), ...car(['c', '2027-01-10', 80_000])];
    expect(visitMileage(next, 'c', 0, DEFAULT_RULES, null)).toEqual({ points: 2_000, fromKm: 60_000, held: null });
    // The dealer system's correction (70,000) counts it again: HQ owes the car its 1,000.
    expect(count(typo.map((v) => ({ ...v, km: v.id === 'b' ? 70_000 : v.km, earned: true })))).toBe(1_000);
  });

  it.each([
    // [days between, kilometres driven, held back]
    [181, 90_500, false], // 500 a day: the most a car is taken to drive
    [181, 90_600, true],
    [1, 500, false], // the same day or the next: one day's driving
    [0, 500, false],
    [0, 501, true],
  ] as const)('%i days, %i km more: held back %s', (days, km, held) => {
    const to = new Date(Date.UTC(2026, 0, 10 + days)).toISOString().slice(0, 10);
    const c = car(['a', '2026-01-10', 20_000, true], ['b', to, 20_000 + km, true]);
    expect(heldReading(c, 'b', DEFAULT_RULES, null) !== null).toBe(held);
    expect(count(c)).toBe(held ? 0 : km / 10);
  });

  it('a long trip is borne out by the next reading: its kilometres are paid then, none lost', () => {
    // 2,400 km in two days, then 300 km in the week after.
    const trip = car(['a', '2026-05-01', 20_000, true], ['b', '2026-05-03', 22_400, true], ['c', '2026-05-10', 22_700]);
    expect(count(trip.filter((v) => v.id !== 'c'))).toBe(0);
    expect(heldReading(trip, 'b', DEFAULT_RULES, null)).toBeNull();
    expect(visitMileage(trip, 'c', 0, DEFAULT_RULES, null)).toEqual({ points: 270, fromKm: 20_000, held: null });
  });

  it('a reading within a day of the one held back but below it, or itself too far on, does not bear it out', () => {
    const c = car(['a', '2026-01-10', 60_000, true], ['b', '2026-03-10', 600_000, true], ['c', '2026-07-10', 650_000, true]);
    // 650,000 is 50,000 on from 600,000 in 122 days: under 500 a day, so both count (the car did drive them).
    expect(count(c)).toBe(59_000);
    const d = car(['a', '2026-01-10', 60_000, true], ['b', '2026-03-10', 600_000, true], ['c', '2026-03-12', 610_000, true]);
    // 10,000 km in two days bears nothing out: both are held against 60,000.
    expect(count(d)).toBe(0);
    expect(heldReading(d, 'c', DEFAULT_RULES, null)).toEqual({ km: 610_000, from: { km: 60_000, date: '2026-01-10' }, days: 61 });
  });

  it('the same reading on a second repair order of that day bears nothing out (maintenance and bodywork, the reading copied)', () => {
    const c = car(['a', '2026-01-10', 60_000, true], ['b1', '2026-07-10', 700_000], ['b2', '2026-07-10', 700_000]);
    expect(visitMileage(c, 'b1', 0, DEFAULT_RULES, null).points).toBe(0);
    expect(visitMileage(c, 'b2', 0, DEFAULT_RULES, null).points).toBe(0);
    expect(heldReading(c, 'b2', DEFAULT_RULES, null)).toEqual({ km: 700_000, from: { km: 60_000, date: '2026-01-10' }, days: 181 });
    // A true reading of that day beside it still counts; the next day's true reading leaves both out.
    const beside = car(['a', '2026-01-10', 60_000, true], ['b1', '2026-07-10', 700_000, true], ['b2', '2026-07-10', 70_500, true]);
    expect(count(beside)).toBe(1_050);
    const next = [...c.map((v) => ({ ...v, earned: true })), ...car(['n', '2026-07-11', 70_600, true])];
    expect(count(next)).toBe(1_060);
  });

  it('a digit too many on a young car, a year on, is held although 500 a day would allow it; a first service is not', () => {
    // 16,000 typed 160,000: 152,000 km in a year is 416 a day.
    expect(count(car(['a', '2025-03-01', 8_000, true], ['b', '2026-03-01', 160_000, true]))).toBe(0);
    // 50 km at delivery, 5,000 at the first service; 2,000 then 19,000 a year later: believable.
    expect(count(car(['a', '2025-03-01', 50, true], ['b', '2025-06-01', 5_000, true]))).toBe(500);
    expect(count(car(['a', '2025-03-01', 2_000, true], ['b', '2026-03-01', 19_000, true]))).toBe(1_700);
    // Held wrongly, a heavy driver's reading is paid at the next one that bears it out.
    expect(count(car(['a', '2025-03-01', 3_000, true], ['b', '2026-03-01', 30_000, true], ['c', '2026-09-01', 45_000, true]))).toBe(4_200);
  });

  it('known gap: a late visit dated between two counted readings, typed a digit wrong, holds the later one until the next reading', () => {
    const paid = car(['a', '2026-01-01', 10_000, true], ['b', '2026-01-11', 14_000, true]);
    expect(count(paid)).toBe(400);
    // 10,600 (for 13,600) on 10 January: 3,400 km in a day to 14,000. HQ's recount would take the 400 back...
    const late = [...paid, ...car(['l', '2026-01-10', 10_600])];
    expect(count(late)).toBe(0);
    // ... until the next reading bears 14,000 out.
    expect(count([...late, ...car(['n', '2026-02-11', 15_000])])).toBe(400);
  });

  it('a rules config published before the limit existed reads it as 500 a day', () => {
    const { mileageMaxKmPerDay: _omitted, ...older } = DEFAULT_RULES.points;
    const parsed = parseRulesConfig({ ...DEFAULT_RULES, points: older });
    expect(parsed.ok && parsed.config.points.mileageMaxKmPerDay).toBe(500);
  });

  it('pays every kilometre an odometer drove once and no digit typed wrong, whatever order the visits are earned in', () => {
    let seed = 31;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let run = 0; run < 500; run++) {
      // From 20,000 km: a digit too many is then more than 200 days of driving above the count.
      let km = 20_000 + Math.floor(random() * 50_000);
      let day = 0;
      let typo = false;
      const truth: number[] = [];
      const visits = Array.from({ length: 2 + Math.floor(random() * 8) }, (_, i) => {
        const gap = 1 + Math.floor(random() * 200);
        day += gap;
        // Mostly 0-150 km a day, now and then a trip of up to 450 a day.
        km += Math.floor(gap * (random() < 0.15 ? 450 : 150) * random());
        truth.push(km);
        // A digit too many now and then, never on two visits in a row (those would bear each other out).
        typo = i > 0 && !typo && random() < 0.2;
        const typed = typo ? km * 10 : km;
        return { id: `v${i}`, date: new Date(Date.UTC(2024, 0, day)).toISOString().slice(0, 10), km: typed, deleted: false, earned: false };
      });
      let states: CarVisitState[] = visits;
      let held = 0;
      for (const i of [...visits.keys()].sort(() => random() - 0.5)) {
        held += visitMileage(states, `v${i}`, held, DEFAULT_RULES, null).points;
        states = states.map((v) => (v.id === `v${i}` ? { ...v, earned: true } : v));
        expect(count(states), 'HQ recounts what the desk paid').toBe(held);
      }
      // Everything earned: never more than the odometer drove from the first reading to the last true one.
      const last = truth[truth.length - 1]!;
      const paidAtMost = (Math.floor(last / 100) - Math.floor(truth[0]! / 100)) * 10;
      expect(held).toBeLessThanOrEqual(paidAtMost);
      // And all of it when the last reading was typed right (a typo before it moves nothing).
      if (states[states.length - 1]!.km === last) expect(held).toBe(paidAtMost);
    }
  });
});

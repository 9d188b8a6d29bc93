import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from './config';
import { addDays } from './days';
import type { CustomerFacts, FactComplaint, FactSurvey, FactVisit } from './facts';
import { riskFlag, satisfaction } from './radar';

const TODAY = '2026-06-30';
const ago = (days: number) => addDays(TODAY, -days);
const purchase = (daysAgo: number, amountFen = 50_000): FactVisit => ({ id: `v${daysAgo}`, vehicleId: 'car', date: ago(daysAgo), amountFen, mileageKm: null });
const survey = (daysAgo: number, score0to10: number): FactSurvey => ({ date: ago(daysAgo), score0to10 });

type Facts = Pick<CustomerFacts, 'visits' | 'deliveryDates' | 'surveys' | 'complaints'>;
const facts = (f: Partial<Facts>): Facts => ({ visits: [], deliveryDates: [ago(1000)], surveys: [], complaints: [], ...f });
const flag = (f: Partial<Facts>) => riskFlag(facts(f), TODAY, DEFAULT_RULES);

describe('riskFlag: days since last purchase (green 0-89, yellow 90-180, red 181+)', () => {
  it.each([
    [0, 'green'],
    [89, 'green'],
    [90, 'yellow'],
    [180, 'yellow'],
    [181, 'red'],
    [193, 'red'],
  ] as const)('%i days -> %s', (days, expected) => {
    const result = flag({ visits: [purchase(days)] });
    expect(result.flag).toBe(expected);
    expect(result.reasons).toEqual([{ code: 'days_since_purchase', days, since: ago(days), basis: 'purchase' }]);
  });

  it('counts only purchases: a free visit does not reset the days', () => {
    expect(flag({ visits: [purchase(200), purchase(5, 0)] }).flag).toBe('red');
  });

  it('a customer without a purchase counts from the first delivery (a new owner is not at risk)', () => {
    expect(flag({ deliveryDates: [ago(30), ago(100)] })).toEqual({
      flag: 'yellow',
      reasons: [{ code: 'days_since_purchase', days: 100, since: ago(100), basis: 'delivery' }],
    });
    expect(flag({ deliveryDates: [ago(10)] }).flag).toBe('green');
  });

  it('with neither purchase nor delivery nor survey: green without reasons', () => {
    expect(flag({ deliveryDates: [] })).toEqual({ flag: 'green', reasons: [] });
  });
});

describe('riskFlag: satisfaction = latest survey x10 (> 70 fine, 50-70 yellow, < 50 red)', () => {
  it.each([
    [10, 'green'],
    [7.1, 'green'],
    [7, 'yellow'], // exactly 70
    [6, 'yellow'],
    [5, 'yellow'], // exactly 50
    [4.9, 'red'],
    [0, 'red'],
  ] as const)('score %d -> %s', (score, expected) => {
    expect(flag({ visits: [purchase(10)], surveys: [survey(3, score)] }).flag).toBe(expected);
  });

  it('uses the latest survey on or before today; no survey is fine', () => {
    expect(flag({ visits: [purchase(10)], surveys: [survey(100, 2), survey(20, 9)] }).flag).toBe('green');
    expect(flag({ visits: [purchase(10)], surveys: [survey(100, 9), survey(20, 2)] }).flag).toBe('red');
    expect(flag({ visits: [purchase(10)], surveys: [survey(20, 9), survey(-1, 2)] }).flag).toBe('green');
    expect(satisfaction([], TODAY)).toBeNull();
  });

  it('takes the lower of two surveys on the same latest day', () => {
    expect(satisfaction([survey(5, 9), survey(5, 6), survey(9, 1)], TODAY)).toEqual({ score: 60, surveyedOn: ago(5) });
  });
});

describe('riskFlag: complaints count while unresolved or opened 180 days ago or less', () => {
  const complaint = (openedAgo: number, resolvedAgo: number | null): FactComplaint => ({ openedOn: ago(openedAgo), resolvedOn: resolvedAgo === null ? null : ago(resolvedAgo) });

  it.each([
    [complaint(180, 170), { code: 'complaint_recent', openedOn: ago(180), resolvedOn: ago(170) }],
    [complaint(10, null), { code: 'complaint_open', openedOn: ago(10) }],
    [complaint(400, null), { code: 'complaint_open', openedOn: ago(400) }],
    [complaint(400, -3), { code: 'complaint_open', openedOn: ago(400) }], // resolved after today: still open today
  ])('%j -> red', (c, reason) => {
    expect(flag({ visits: [purchase(10)], complaints: [c] })).toEqual({ flag: 'red', reasons: [reason] });
  });

  it.each([
    [complaint(181, 175)], // resolved, opened 181 days ago
    [complaint(-1, null)], // opened after today
  ])('%j does not count', (c) => {
    expect(flag({ visits: [purchase(10)], complaints: [c] }).flag).toBe('green');
  });
});

describe('riskFlag: first match from the top wins, with every reason of that level', () => {
  it('lists all red reasons, and no yellow ones', () => {
    const result = flag({
      visits: [purchase(193)],
      surveys: [survey(30, 4.5)],
      complaints: [{ openedOn: ago(20), resolvedOn: null }, { openedOn: ago(60), resolvedOn: ago(50) }],
    });
    expect(result).toEqual({
      flag: 'red',
      reasons: [
        { code: 'days_since_purchase', days: 193, since: ago(193), basis: 'purchase' },
        { code: 'satisfaction', score: 45, surveyedOn: ago(30) },
        { code: 'complaint_recent', openedOn: ago(60), resolvedOn: ago(50) },
        { code: 'complaint_open', openedOn: ago(20) },
      ],
    });
    expect(flag({ visits: [purchase(100)], complaints: [{ openedOn: ago(20), resolvedOn: null }] }).reasons).toEqual([
      { code: 'complaint_open', openedOn: ago(20) },
    ]);
  });

  it('lists both yellow reasons', () => {
    expect(flag({ visits: [purchase(120)], surveys: [survey(3, 6)] }).reasons.map((r) => r.code)).toEqual(['days_since_purchase', 'satisfaction']);
  });

  it('green lists the facts that make it green', () => {
    expect(flag({ visits: [purchase(12)], surveys: [survey(3, 9)] })).toEqual({
      flag: 'green',
      reasons: [
        { code: 'days_since_purchase', days: 12, since: ago(12), basis: 'purchase' },
        { code: 'satisfaction', score: 90, surveyedOn: ago(3) },
      ],
    });
  });
});

import { describe, expect, it } from 'vitest';
import { applyRoster, type RosterFilter, type RosterRow } from './roster';

const TODAY = '2026-11-24';
const NONE: RosterFilter = { tiers: [], flags: [], noVisitDays: null, birthdayWithinDays: null, text: '' };
const row = (id: string, o: Partial<RosterRow> = {}): RosterRow => ({
  id, name: id, plate: null, tier: 'normal', flag: 'green', reasons: [], lastVisitOn: null, nextOccasion: null, openTasks: 0, firstDeliveryOn: null, riskRank: 0, ...o,
});

describe('applyRoster', () => {
  it('"no visit in N days" counts a customer who never visited from the first delivery: a new owner is not quiet', () => {
    const rows = [
      row('new-owner', { firstDeliveryOn: '2026-11-24' }),
      row('delivered-last-week', { firstDeliveryOn: '2026-11-19' }),
      row('never-came-in-two-years', { firstDeliveryOn: '2024-11-01' }),
      row('visited-400-days-ago', { lastVisitOn: '2025-10-20', firstDeliveryOn: '2020-01-01' }),
      row('visited-recently', { lastVisitOn: '2026-10-01', firstDeliveryOn: '2020-01-01' }),
      row('nothing-known'),
    ];
    const ids = (days: number) => applyRoster(rows, TODAY, { ...NONE, noVisitDays: days }, { key: 'name', desc: false }).map((r) => r.id);
    expect(ids(365)).toEqual(['never-came-in-two-years', 'nothing-known', 'visited-400-days-ago']);
    // Exactly 5 days since the delivery of 11-19 is "5 days or more".
    expect(ids(5)).toEqual(['delivered-last-week', 'never-came-in-two-years', 'nothing-known', 'visited-400-days-ago', 'visited-recently']);
  });

  it('the risk sort orders each colour by urgency (an open complaint, then the longest quiet)', () => {
    const rows = [
      row('red-227', { flag: 'red', riskRank: 227 }),
      row('green', { flag: 'green' }),
      row('red-complaint', { flag: 'red', riskRank: 100_000 + 30 }),
      row('yellow-120', { flag: 'yellow', riskRank: 120 }),
      row('red-666', { flag: 'red', riskRank: 666 }),
    ];
    expect(applyRoster(rows, TODAY, NONE, { key: 'flag', desc: true }).map((r) => r.id)).toEqual(['red-complaint', 'red-666', 'red-227', 'yellow-120', 'green']);
  });
});

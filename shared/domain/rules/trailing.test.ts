import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from './config';
import type { FactVisit } from './facts';
import { trailingActivity, trailingStart } from './trailing';

const TODAY = '2026-06-30';
let n = 0;
const visit = (date: string, amountFen: number): FactVisit => ({ id: `v${++n}`, vehicleId: 'car', date, amountFen, mileageKm: null });
const activity = (visits: FactVisit[], deliveryDates: string[] = []) => trailingActivity({ visits, deliveryDates }, TODAY, DEFAULT_RULES);

describe('trailing 12 months = the 365 days ending today (after today - 365, up to and including today)', () => {
  it('starts the window the day after today - 365', () => {
    expect(trailingStart(TODAY, DEFAULT_RULES)).toBe('2025-07-01');
  });

  it.each([
    ['2025-06-30', 0], // today - 365: outside
    ['2025-07-01', 1], // today - 364: inside
    ['2026-06-30', 1], // today: inside
    ['2026-07-01', 0], // tomorrow: ignored
  ])('a visit on %s counts %i times', (date, count) => {
    const a = activity([visit(date, 10_000)]);
    expect(a.visits).toBe(count);
    expect(a.spendFen).toBe(count * 10_000);
  });

  it('counts free visits as visits and sums spend', () => {
    const a = activity([visit('2026-01-10', 0), visit('2026-02-10', 50_000), visit('2026-03-10', 25_050), visit('2024-01-01', 99_999)]);
    expect(a).toMatchObject({ visits: 3, spendFen: 75_050 });
  });
});

describe('first and last purchase', () => {
  it('a purchase is a visit with amount > 0; last purchase is on or before today', () => {
    const a = activity([visit('2026-05-01', 0), visit('2025-03-01', 100), visit('2026-04-01', 200), visit('2026-08-01', 300)], ['2024-01-01']);
    expect(a).toMatchObject({ firstPurchase: '2025-03-01', lastPurchase: '2026-04-01', lastPurchaseBasis: 'purchase' });
  });

  it('without a purchase, last purchase is the first vehicle delivery ("a new owner is not at risk")', () => {
    const a = activity([visit('2026-05-01', 0)], ['2026-03-01', '2025-11-20', '2026-09-01']);
    expect(a).toMatchObject({ firstPurchase: null, lastPurchase: '2025-11-20', lastPurchaseBasis: 'delivery' });
  });

  it('with neither purchase nor delivery, both are null', () => {
    expect(activity([visit('2026-05-01', 0)])).toMatchObject({ firstPurchase: null, lastPurchase: null, lastPurchaseBasis: null });
  });

  it('ignores deliveries and purchases after today', () => {
    expect(activity([visit('2026-07-02', 500)], ['2026-07-01'])).toMatchObject({ firstPurchase: null, lastPurchase: null });
  });
});

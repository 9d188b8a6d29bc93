import { describe, expect, it } from 'vitest';
import { ingestRows } from '../../hq/ingest/ingest';
import { pointsBalance } from '../../hq/repos/rows';
import { DEFAULT_RULES } from '../../shared/domain/rules/config';
import { runPlanner } from '../../electron/core/planner/run';
import { dealerRowOf, twoDesksForTests } from './two-desks';

/**
 * Referrals come from HQ's dealer-system import (hq/ingest): a store's desks must see them as the
 * demo store's, so the referrer earns 6,000 points per person referred, once across desks, and five
 * successful referrals make the top-referrer surprise.
 */
describe('referrals imported at HQ, on the desks', () => {
  const two = twoDesksForTests('R01', '推荐店');

  it('the referrer earns each referral once, on either desk, and becomes a top referrer', async () => {
    const [a, b] = two().desks;
    const referrer = dealerRowOf(0);
    const friends = Array.from({ length: 5 }, (_, k) => ({ name: `朋友${k}`, phone: `1390000${2000 + k}`, referrer_phone: referrer.phone, referred_on: `2026-11-1${k}` }));
    expect(await ingestRows(two().t.hq.db, 'R01', friends, { dryRun: false })).toMatchObject({ added: 5, rejected: 0 });
    for (const d of [a, b]) await d!.desk.call('sync', 'syncNow', {});

    const sqlA = a!.core.context.database.sqlite;
    const customerId = sqlA.prepare('SELECT id FROM customers WHERE phone = ?').pluck().get(referrer.phone) as string;
    const account = (d: typeof a) => d!.desk.call('points', 'account', { customerId });
    const offered = (await account(a)).value.referrals;
    expect(offered.map((r: { name: string; points: number }) => [r.name, r.points]).sort()).toEqual(friends.map((f) => [f.name, 6_000]).sort());

    const earned = await a!.desk.call('points', 'earnReferral', { customerId, referralId: offered[0].id });
    expect(earned).toMatchObject({ ok: true, value: { kind: 'referral', points: 6_000 } });
    for (const d of [a, b, a]) await d!.desk.call('sync', 'syncNow', {});
    const onB = (await account(b)).value;
    expect(onB.balance).toBe(6_000);
    expect(onB.referrals).toHaveLength(4);
    expect(await b!.desk.call('points', 'earnReferral', { customerId, referralId: offered[0].id })).toMatchObject({ ok: false });
    expect(await pointsBalance(two().t.hq.db, two().storeId, customerId)).toBe(6_000);

    runPlanner(sqlA, { today: '2026-11-24', rules: DEFAULT_RULES, now: '2026-11-24T01:00:00.000Z' });
    const surprise = sqlA.prepare("SELECT due_date, status FROM tasks WHERE customer_id = ? AND rule = 'surprise_top_referrer'").all(customerId);
    expect(surprise).toEqual([{ due_date: '2026-11-14', status: 'open' }]);
  });
});

import { describe, expect, it } from 'vitest';
import { twoDesksForTests } from './two-desks';

/**
 * A customer allows SMS on desk B, offline since; later they refuse it on desk A, which syncs.
 * When B comes back, its older choice must not undo the newer refusal (HQ took the last push to
 * arrive): HQ refuses it, B undoes it and shows why, and every desk ends with the refusal.
 */
describe('consent chosen on two desks offline', () => {
  const two = twoDesksForTests('P01', '许可店');

  it("keeps the customer's latest choice, whichever desk's push arrives last", async () => {
    const [a, b] = two().desks;
    const sqlA = a!.core.context.database.sqlite;
    const customerId = sqlA.prepare('SELECT id FROM customers ORDER BY id LIMIT 1').pluck().get() as string;
    expect(await b!.desk.call('consent', 'setChannel', { customerId, channel: 'sms', choice: 'allow' })).toMatchObject({ ok: true });
    await new Promise((resolve) => setTimeout(resolve, 5)); // later, by the clock
    expect(await a!.desk.call('consent', 'setGeneral', { customerId, marketingConsent: true, doNotContact: true })).toMatchObject({ ok: true });
    await a!.desk.call('sync', 'syncNow', {});
    const refused = await b!.desk.call('sync', 'syncNow', {});
    expect(refused.value.attention).toEqual([expect.objectContaining({ name: 'consent.setChannel', code: 'stale_consent' })]);
    for (const d of [b, a]) await d!.desk.call('sync', 'syncNow', {});
    for (const d of [a, b]) {
      const sqlite = d!.core.context.database.sqlite;
      expect(sqlite.prepare('SELECT do_not_contact FROM customers WHERE id = ?').pluck().get(customerId)).toBe(1);
      expect(sqlite.prepare("SELECT count(*) FROM customer_channel_consents WHERE customer_id = ? AND channel = 'sms'").pluck().get(customerId)).toBe(0);
    }
  });

  it('never refuses a withdrawal, however old: an opt-out recorded offline stands beside a later allow', async () => {
    const [a, b] = two().desks;
    const sqlA = a!.core.context.database.sqlite;
    const customerId = sqlA.prepare('SELECT id FROM customers ORDER BY id LIMIT 1 OFFSET 1').pluck().get() as string;
    expect(await b!.desk.call('consent', 'setGeneral', { customerId, marketingConsent: true, doNotContact: true })).toMatchObject({ ok: true });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await a!.desk.call('consent', 'setChannel', { customerId, channel: 'wechat', choice: 'allow' })).toMatchObject({ ok: true });
    await a!.desk.call('sync', 'syncNow', {});
    const round = await b!.desk.call('sync', 'syncNow', {});
    expect(round.value.attention.filter((x: { code: string }) => x.code === 'stale_consent')).toHaveLength(1); // the first test's, still on the list
    for (const d of [b, a]) await d!.desk.call('sync', 'syncNow', {});
    for (const d of [a, b]) {
      const sqlite = d!.core.context.database.sqlite;
      expect(sqlite.prepare('SELECT do_not_contact FROM customers WHERE id = ?').pluck().get(customerId)).toBe(1);
      expect(sqlite.prepare("SELECT allowed FROM customer_channel_consents WHERE customer_id = ? AND channel = 'wechat'").pluck().get(customerId)).toBe(1);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../shared/domain/rules/config';
import { ingestRows } from '../../hq/ingest/ingest';
import { planAutoMessages } from '../../hq/messages/plan';
import { sendAutoMessages } from '../../hq/messages/send';
import { writeAsHq } from '../../hq/repos/admin';
import { findCustomerByPhone } from '../../hq/repos/rows';
import { twoDesksForTests } from './two-desks';

/**
 * The D7 new-owner guide end to end (real HQ, a desk core on its own SQLite file): HQ plans and sends it
 * through the gateway, the desk pulls the log and the customer view says it was sent and when.
 */
describe('automatic messages reach the desks as a log', () => {
  const two = twoDesksForTests('AM1', '自动消息店');

  it('a new owner who accepts SMS gets the guide on day 7; every desk shows it sent', async () => {
    const row = { name: '新车主', phone: '13700009901', vin: 'LFV00000099000001', plate: '粤D99001', brand: '大众', model: 'ID.4', delivery_date: '2026-11-17' };
    await ingestRows(two().t.hq.db, 'AM1', [row], { dryRun: false });
    const c = (await findCustomerByPhone(two().t.hq.db, two().storeId, row.phone))!;
    await writeAsHq(two().t.hq.db, two().storeId, [{ tbl: 'customers', pk: c.pk, data: { ...c.data, marketing_consent: 1 } }]);
    expect(await planAutoMessages(two().t.hq.db, two().storeId, '2026-11-24', DEFAULT_RULES, '2026-11-24T01:00:00.000Z')).toBe(1);
    await sendAutoMessages(two().t.hq.db, two().storeId, { send: async () => ({ outcome: 'sent' }) }, '2026-11-24', '2026-11-24T01:30:00.000Z');
    for (const d of two().desks) {
      await d.desk.call('sync', 'syncNow', {});
      const view = await d.desk.call('customers', 'get', { id: c.pk });
      expect(view.ok, JSON.stringify(view)).toBe(true);
      expect(view.value.autoMessages).toEqual([{ id: expect.any(String), rule: 'd7_guide', dueDate: '2026-11-24', status: 'sent', sentAt: '2026-11-24T01:30:00.000Z', error: null }]);
    }
  });
});

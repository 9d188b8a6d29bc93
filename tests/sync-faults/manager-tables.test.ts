import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeAsHq } from '../../hq/repos/admin';
import { enrol, mutation, pullAll, push, startTestHq, storeWithDesk, type TestHq } from '../../hq/testing/hq';
import type { EnrolResponse, RowOp } from '../../shared/sync/protocol';

/**
 * HQ accepts the store manager's synced rows by the policies of shared/sync/tables.ts (real HTTP, real
 * HQ database: PostgreSQL with DATABASE_URL, else PGlite): a customer's advisor (a desk field of master
 * data), the append-only assignment record, a campaign (editable); a campaign of another store is refused.
 */
describe('HQ takes reassignments and campaigns', () => {
  let t: TestHq;
  let device: EnrolResponse;
  let storeId: string;
  const at = '2026-01-01T00:00:00.000Z';
  const customer = { id: uuidv7(), name: '王伟', phone: '13900000001', marketing_consent: 0, do_not_contact: 0, advisor_id: null as string | null, note: null, tier: 'gold', created_at: at, updated_at: at, deleted_at: null };

  beforeAll(async () => {
    t = await startTestHq();
    ({ device } = await storeWithDesk(t, 'MGR1'));
    storeId = device.store.id;
    await writeAsHq(t.hq.db, storeId, [{ tbl: 'customers', pk: customer.id, data: { ...customer, store_id: storeId } }]);
  }, 120_000);
  afterAll(async () => t?.close(), 60_000);

  it('applies the reassignment and the campaign, and another desk pulls them', async () => {
    const now = '2026-11-24T02:00:00.000Z';
    const row = { ...customer, store_id: storeId, advisor_id: 'adv-9', updated_at: now };
    const assignment = { id: uuidv7(), store_id: storeId, customer_id: customer.id, from_advisor_id: null, to_advisor_id: 'adv-9', reason: '专属顾问', by_staff_id: 'mgr-9', at: now };
    const campaign = {
      id: uuidv7(), store_id: storeId, kind: 'campaign', name: '老客户保养季', benefit: '机油八折', audience: 'existing_customers', tiers: '[]', starts_on: '2026-12-01',
      ends_on: '2026-12-31', loyal_warning_acknowledged: 0, created_by: 'mgr-9', created_at: now, updated_at: now, deleted_at: null,
    };
    const ops: RowOp[] = [
      { op: 'update', table: 'customers', pk: customer.id, fields: { advisor_id: 'adv-9', updated_at: now }, base: { advisor_id: null, updated_at: at }, row },
      { op: 'insert', table: 'customer_assignments', pk: assignment.id, row: assignment },
      { op: 'insert', table: 'campaigns', pk: campaign.id, row: campaign },
    ];
    const r = await push(t, device, [mutation(1, ops, 'team.reassign')]);
    expect(r.status).toBe(200);
    expect(r.body.results.map((x) => x.status)).toEqual(['applied']);
    const pulled = await pullAll(t, await enrol(t, 'MGR1', 'desk 2'));
    const latest = (table: string, pk: string) => pulled.changes.filter((c) => c.table === table && c.pk === pk).at(-1)?.row;
    expect(latest('customers', customer.id)).toMatchObject({ advisor_id: 'adv-9' });
    expect(latest('customer_assignments', assignment.id)).toMatchObject({ reason: '专属顾问' });
    expect(latest('campaigns', campaign.id)).toMatchObject({ audience: 'existing_customers' });
  });

  it("refuses a campaign for another store's id", async () => {
    const campaign = {
      id: uuidv7(), store_id: 'someone-else', kind: 'offer', name: 'x', benefit: 'y', audience: 'everyone', tiers: '[]', starts_on: '2026-12-01', ends_on: '2026-12-31',
      loyal_warning_acknowledged: 0, created_by: null, created_at: at, updated_at: at, deleted_at: null,
    };
    const r = await push(t, device, [mutation(2, [{ op: 'insert', table: 'campaigns', pk: campaign.id, row: campaign }], 'campaigns.create')]);
    expect(r.body.results[0]).toMatchObject({ status: 'rejected', code: 'out_of_scope' });
  });
});

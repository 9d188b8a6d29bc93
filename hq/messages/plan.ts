import type { Kysely } from 'kysely';
import { v5 as uuidv5 } from 'uuid';
import { channelVerdict } from '../../shared/domain/consent';
import { addDays } from '../../shared/domain/rules/days';
import { automaticMessagesDue } from '../../shared/domain/rules/lifecycle';
import type { RulesConfig } from '../../shared/domain/rules/config';
import type { HqDatabase } from '../db/schema';
import { writeAsHqIn } from '../repos/admin';
import { recentDeliveries } from '../repos/messages';
import { getRows, lockStore } from '../repos/rows';
import { consentOf } from './consent';

const NAMESPACE = 'a1b0c3d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
/** Deliveries older than this cannot make a message due any more: the growth stage's last tip, valid a month more. */
const lookBackDays = (rules: RulesConfig) => Math.max(rules.lifecycle.growthStageEndDay, rules.lifecycle.newStageEndDay) + 62;
const CHUNK = 500;

/** The same message of a customer is the same row whatever day it is planned: one per customer, rule and occurrence. */
export const autoMessageId = (storeId: string, customerId: string, rule: string, occurrence: string) => uuidv5(`${storeId}|${customerId}|${rule}|${occurrence}`, NAMESPACE);

/**
 * Queues the automatic messages due today in a store (DOMAIN.md: the new-owner guide on D7, the
 * monthly car-care tip), for the customers who accept marketing by SMS; each once (its id is
 * derived from customer, rule and occurrence), in the store's lock like every write of HQ. Returns
 * how many were queued.
 */
export async function planAutoMessages(db: Kysely<HqDatabase>, storeId: string, today: string, rules: RulesConfig, at: string): Promise<number> {
  const cars = new Map<string, { id: string; deliveryDate: string; firstDeliveryDate: string | null }[]>();
  for (const v of await recentDeliveries(db, storeId, addDays(today, -lookBackDays(rules)))) {
    const list = cars.get(String(v.customer_id)) ?? [];
    list.push({ id: String(v.id), deliveryDate: String(v.delivery_date), firstDeliveryDate: typeof v.first_delivery_date === 'string' ? v.first_delivery_date : null });
    cars.set(String(v.customer_id), list);
  }
  const customers = [...cars.keys()];
  let queued = 0;
  for (let i = 0; i < customers.length; i += CHUNK) {
    const ids = customers.slice(i, i + CHUNK);
    const due = ids.flatMap((c) => automaticMessagesDue(cars.get(c)!, today, rules).map((tp) => ({ customerId: c, tp, id: autoMessageId(storeId, c, tp.rule, tp.occurrence) })));
    if (due.length === 0) continue;
    const held = await getRows(db, storeId, [
      ...due.map((d) => ({ tbl: 'auto_messages', pk: d.id })),
      ...ids.flatMap((c) => [{ tbl: 'customers', pk: c }, { tbl: 'customer_channel_consents', pk: `${c}:sms` }]),
    ]);
    const writes: { tbl: string; pk: string; data: Record<string, unknown> }[] = [];
    for (const d of due) {
      if (held.has(`auto_messages\u0000${d.id}`)) continue;
      const customer = held.get(`customers\u0000${d.customerId}`);
      if (!customer || customer.deleted || customer.data.deleted_at) continue;
      const sms = held.get(`customer_channel_consents\u0000${d.customerId}:sms`);
      if (!channelVerdict(consentOf(customer.data, sms && !sms.deleted ? sms.data : undefined), 'sms', 'marketing').allowed) continue;
      writes.push({
        tbl: 'auto_messages', pk: d.id,
        data: {
          id: d.id, store_id: storeId, customer_id: d.customerId, rule: d.tp.rule, occurrence: d.tp.occurrence, channel: 'sms', due_date: d.tp.dueDate,
          status: 'queued', sent_at: null, error: null, created_at: at, updated_at: at,
        },
      });
    }
    if (writes.length === 0) continue;
    // In the store's lock, the ones another planner run wrote meanwhile left alone (a sent one must not be queued again).
    queued += await db.transaction().execute(async (trx) => {
      await lockStore(trx, storeId);
      const now = await getRows(trx, storeId, writes.map((w) => ({ tbl: w.tbl, pk: w.pk })));
      const fresh = writes.filter((w) => !now.has(`${w.tbl}\u0000${w.pk}`));
      if (fresh.length > 0) await writeAsHqIn(trx, storeId, fresh);
      return fresh.length;
    });
  }
  return queued;
}

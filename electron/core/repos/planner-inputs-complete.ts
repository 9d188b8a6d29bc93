import type BetterSqlite3 from 'better-sqlite3';
import type { DeliveredVehicle } from '../../../shared/domain/rules/facts';
import type { Tier } from '../../../shared/domain/types';
import { birthdayOf, type PlannerCustomer, type Raw } from './planner-inputs-types';
import { REFERRALS_SUCCEEDED } from './planner-inputs-window';

/**
 * Every fact of the customers (all, or just `ids`), all visits included, read in a few table
 * scans: the CLI's audit export (risk, tier path) and the reference the planner's lighter
 * readers are tested against (planner/wake.test.ts).
 */
export function loadPlannerInputs(sqlite: BetterSqlite3.Database, ids?: readonly string[]): Map<string, PlannerCustomer> {
  const scoped = ids !== undefined;
  const param = scoped ? [JSON.stringify(ids)] : [];
  const only = (column: string) => (scoped ? ` AND ${column} IN (SELECT value FROM json_each(?))` : '');
  const rows = (sql: string): Iterable<Raw> => sqlite.prepare(sql).raw(true).iterate(...param) as Iterable<Raw>;

  const out = new Map<string, PlannerCustomer>();
  for (const r of rows(
    `SELECT id, store_id, advisor_id, member_since, tier, tier_since, do_not_contact, marketing_consent,
            birthday_calendar, birth_date, birthday_lunar_month, birthday_lunar_day, birthday_lunar_leap, wedding_date
     FROM customers WHERE deleted_at IS NULL${only('id')}`,
  )) {
    const id = r[0] as string;
    const vehicles: DeliveredVehicle[] = [];
    out.set(id, {
      facts: {
        customerId: id,
        deliveryDates: [],
        vehicles,
        visits: [],
        surveys: [],
        complaints: [],
        memberSince: r[3] as string | null,
        currentTier: r[4] as Tier,
        tierSince: r[5] as string | null,
        referralsSucceeded: 0,
        referralsSucceededOn: null,
      },
      storeId: r[1] as string,
      advisorId: r[2] as string | null,
      doNotContact: r[6] === 1,
      marketingConsent: r[7] === 1,
      blockedChannels: [],
      birthday: birthdayOf(r[8], r[9], r[10], r[11], r[12]),
      weddingDate: r[13] as string | null,
      vehicles,
      children: [],
    });
  }
  const each = (sql: string, apply: (c: PlannerCustomer, r: Raw) => void) => {
    for (const r of rows(sql)) {
      const c = out.get(r[0] as string);
      if (c) apply(c, r);
    }
  };
  each(`SELECT customer_id, id, delivery_date, first_delivery_date FROM vehicles WHERE deleted_at IS NULL${only('customer_id')}`, (c, r) => {
    // The date first recorded only where it differs (as the readers give it).
    const first = r[3] !== r[2] ? (r[3] as string | null) : null;
    c.vehicles.push({ id: r[1] as string, deliveryDate: r[2] as string, firstVisitOn: null, firstDeliveryDate: first });
    c.facts.deliveryDates.push(r[2] as string);
  });
  each(`SELECT customer_id, id, vehicle_id, visit_date, amount_fen, mileage_km FROM visits WHERE deleted_at IS NULL${only('customer_id')}`, (c, r) => {
    c.facts.visits.push({ id: r[1] as string, vehicleId: r[2] as string | null, date: r[3] as string, amountFen: r[4] as number, mileageKm: r[5] as number | null });
  });
  // Each car's first visit after its delivery by its owner, from all the owner's visits (the planner's readers seek it in SQL: this is their reference).
  for (const c of out.values()) {
    for (const car of c.vehicles) {
      for (const v of c.facts.visits) if (v.vehicleId === car.id && v.date > car.deliveryDate && (car.firstVisitOn === null || v.date < car.firstVisitOn)) car.firstVisitOn = v.date;
    }
  }
  each(`SELECT customer_id, surveyed_on, score FROM surveys WHERE deleted_at IS NULL${only('customer_id')}`, (c, r) => {
    c.facts.surveys.push({ date: r[1] as string, score0to10: r[2] as number });
  });
  each(`SELECT customer_id, opened_on, resolved_on FROM complaints WHERE deleted_at IS NULL${only('customer_id')}`, (c, r) => {
    c.facts.complaints.push({ openedOn: r[1] as string, resolvedOn: r[2] as string | null });
  });
  each(
    `SELECT ${REFERRALS_SUCCEEDED}${only('r.referrer_customer_id')} GROUP BY r.referrer_customer_id`,
    (c, r) => {
      c.facts.referralsSucceeded = r[1] as number;
      c.facts.referralsSucceededOn = r[2] as string;
    },
  );
  each(
    `SELECT customer_id, id, name, birthday_calendar, birth_date, birthday_lunar_month, birthday_lunar_day, birthday_lunar_leap
     FROM family_members WHERE relation = 'child' AND deleted_at IS NULL${only('customer_id')}`,
    (c, r) => {
      c.children.push({ id: r[1] as string, name: r[2] as string, birthday: birthdayOf(r[3], r[4], r[5], r[6], r[7]) });
    },
  );
  each(`SELECT customer_id, channel FROM customer_channel_consents WHERE allowed = 0${only('customer_id')}`, (c, r) => {
    c.blockedChannels.push(r[1] as string);
  });
  return out;
}

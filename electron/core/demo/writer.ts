import type { PlannedVisit } from './cadence';
import type { CustomerPlan } from './customer';
import { businessSecond, isoDate, isoInstant, localMs } from './dates';
import type { IdMaker } from './ids';
import { Weighted, type Rng } from './rng';
import type { Statements } from './statements';
import { searchKeysFor } from '../search/keys';
import { BAD_COMMENTS, GOOD_COMMENTS, REDEEM_NOTES } from './texts';

/** Everything a customer's rows are written with. */
export interface WriteContext {
  st: Statements;
  ids: IdMaker;
  rng: Rng;
  today: number;
  storeId: string;
  advisorIds: string[];
  managerId: string;
  /** Ids of the customers written so far, by index (referrals point back into it). */
  customerIds: string[];
  counts: { vehicles: number; visits: number };
}

const HAPPY = new Weighted<number>([[10, 38], [9, 30], [8, 17], [7, 7], [6, 3], [5, 2], [4, 1], [3, 1], [2, 0.5], [1, 0.3], [0, 0.2]]);
const UNHAPPY = new Weighted<number>([[10, 14], [9, 17], [8, 20], [7, 14], [6, 10], [5, 8], [4, 6], [3, 4], [2, 3], [1, 2], [0, 2]]);
const MINUTE = 60_000;

/** Nightly DMS sync time (20:00 local) of a day, as the instant of a row's last update. */
export function syncInstant(day: number): string {
  return isoInstant(localMs(day, 20 * 3600));
}

export function at(w: WriteContext, day: number): number {
  return localMs(day, businessSecond(w.rng.next()));
}

function lastActivity(plan: CustomerPlan): number {
  const last = plan.visits.length ? plan.visits[plan.visits.length - 1]!.day : plan.memberSince;
  return Math.max(last, plan.memberSince, plan.tierSince);
}

/** Writes the customer row; returns its id and creation time. */
export function writeCustomerRow(w: WriteContext, plan: CustomerPlan): { id: string; ms: number } {
  const ms = at(w, plan.memberSince);
  const id = w.ids.at(ms);
  const created = isoInstant(ms);
  const lunar = plan.lunar;
  w.st.customer.run(
    id, w.storeId, plan.name, plan.py.full, plan.py.initials, plan.gender, plan.phone, plan.phone2,
    lunar ? 'lunar' : 'solar', plan.birthDate === null ? null : isoDate(plan.birthDate),
    lunar ? lunar.month : null, lunar ? lunar.day : null, lunar?.leap ? 1 : 0,
    plan.wedding === null ? null : isoDate(plan.wedding), plan.address, plan.city, w.advisorIds[plan.advisor],
    isoDate(plan.memberSince), plan.tier, isoDate(plan.tierSince), plan.marketingConsent ? 1 : 0, created,
    plan.doNotContact ? 1 : 0, plan.referrer >= 0 ? w.customerIds[plan.referrer] : null, null,
    created, lastActivity(plan) > plan.memberSince ? syncInstant(lastActivity(plan)) : created,
  );
  w.customerIds[plan.index] = id;
  return { id, ms };
}

export function writeVehicles(w: WriteContext, plan: CustomerPlan, customerId: string): string[] {
  const ids: string[] = [];
  for (const v of plan.vehicles) {
    const ms = at(w, v.delivery);
    const id = w.ids.at(ms);
    const created = isoInstant(ms);
    w.st.vehicle.run(
      id, w.storeId, customerId, v.plate, v.vin, v.model.brand, v.model.model, v.color, v.model.nev ? 1 : 0,
      isoDate(v.delivery), v.priceFen, v.mileageKm, isoDate(v.mileageOn), created,
      v.mileageOn > v.delivery ? syncInstant(v.mileageOn) : created,
    );
    ids.push(id);
  }
  w.counts.vehicles += ids.length;
  return ids;
}

/**
 * Visits with, per visit: the points they earned (1 point per CNY: tiers are
 * computed afterwards, so the multiplier is taken as 1.0), an occasional redemption
 * that never takes the balance below zero, and a satisfaction survey after a car's
 * first service or now and then.
 */
export function writeVisits(w: WriteContext, plan: CustomerPlan, customerId: string, vehicleIds: string[]): void {
  const { rng, st } = w;
  const ownAdvisor = w.advisorIds[plan.advisor]!;
  const redeemer = rng.chance(0.06);
  const unhappy = plan.segment === 'lost' || plan.segment === 'fading';
  let balance = 0;
  let redemptions = 0;
  let surveyedVehicles = 0;
  for (const visit of plan.visits) {
    const advisor = rng.chance(0.85) ? ownAdvisor : rng.pick(w.advisorIds);
    const ms = at(w, visit.day);
    const id = w.ids.at(ms);
    const created = isoInstant(ms);
    st.visit.run(id, w.storeId, customerId, vehicleIds[visit.vehicle], isoDate(visit.day), visit.type, visit.amountFen,
      visit.mileageKm, advisor, created, created);
    if (visit.amountFen > 0) {
      const points = Math.floor(visit.amountFen / 100);
      const entryMs = ms + rng.int(5, 60) * MINUTE;
      st.ledger.run(w.ids.at(entryMs), w.storeId, customerId, isoDate(visit.day), 'earn_visit', points, id, null, null, advisor,
        isoInstant(entryMs));
      balance += points;
      if (redeemer && redemptions < 2 && balance >= 2000 && rng.chance(0.3)) {
        const redeem = 500 * rng.int(2, Math.min(10, Math.floor(balance / 500)));
        const redeemMs = entryMs + MINUTE;
        st.ledger.run(w.ids.at(redeemMs), w.storeId, customerId, isoDate(visit.day), 'redeem', -redeem, id, null,
          rng.pick(REDEEM_NOTES), advisor, isoInstant(redeemMs));
        balance -= redeem;
        redemptions++;
      }
    }
    const firstOfVehicle = (surveyedVehicles & (1 << visit.vehicle)) === 0;
    surveyedVehicles |= 1 << visit.vehicle;
    if (rng.chance(firstOfVehicle ? 0.6 : 0.03)) writeSurvey(w, customerId, visit, id, advisor, unhappy);
  }
  w.counts.visits += plan.visits.length;
}

function writeSurvey(w: WriteContext, customerId: string, visit: PlannedVisit, visitId: string, advisor: string, unhappy: boolean): void {
  const { rng } = w;
  const day = visit.day + rng.int(1, 7);
  if (day > w.today) return;
  const score = (unhappy ? UNHAPPY : HAPPY).pick(rng);
  const comment = rng.chance(0.25) ? rng.pick(score >= 8 ? GOOD_COMMENTS : BAD_COMMENTS) : null;
  const ms = at(w, day);
  const created = isoInstant(ms);
  w.st.survey.run(w.ids.at(ms), w.storeId, customerId, visitId, isoDate(day), score, comment, advisor, created, created);
}

export function writeSearchKeys(w: WriteContext, plan: CustomerPlan, customerId: string): void {
  const phones = plan.phone2 ? [plan.phone, plan.phone2] : [plan.phone];
  const plates = plan.vehicles.map((v) => v.plate);
  for (const key of searchKeysFor({ name: plan.name, phones, plates }, plan.py)) w.st.searchKey.run(key.kind, key.key, customerId);
}

import { VISIT_TYPES } from '../../../shared/domain/types';
import { DEFAULT_RULES } from '../../../shared/domain/rules/config';
import { mileageNote, mileagePoints } from '../../../shared/domain/rules/points';
import type { CustomerPlan } from './customer';
import { businessSecond, isoDate, isoInstant, localMs } from './dates';
import { Weighted } from './rng';
import { BAD_COMMENTS, GOOD_COMMENTS, REDEEM_NOTES } from './texts';
import type { VisitStore } from './visits';
import { at, type WriteContext } from './writer';

/**
 * Writes every customer's visits day by day across the whole store, so rows reach
 * SQLite in id (time) order. With each visit: the points it earned (1 point per
 * CNY: tiers are computed afterwards, so the multiplier is taken as 1.0), now and
 * then a redemption that never takes the balance below zero, and a satisfaction
 * survey after a car's first service or occasionally after others.
 */
const HAPPY = new Weighted<number>([[10, 38], [9, 30], [8, 17], [7, 7], [6, 3], [5, 2], [4, 1], [3, 1], [2, 0.5], [1, 0.3], [0, 0.2]]);
/** Customers who are drifting away (fading, lost) score lower: still mostly 8-10, with a longer low tail. */
const UNHAPPY = new Weighted<number>([[10, 24], [9, 23], [8, 20], [7, 12], [6, 8], [5, 5], [4, 3], [3, 2], [2, 1.5], [1, 1], [0, 0.5]]);
const MINUTE = 60_000;
/** Sort key within a day: second of day * 2^22 + position in the day's bucket. */
const SLOT_BITS = 4_194_304;

/** Visit rows grouped by day (counting sort): `rows` lists VisitStore rows, day d at [start[d], start[d + 1]). */
function byDay(plans: readonly CustomerPlan[], visits: VisitStore, first: number, days: number) {
  const start = new Int32Array(days + 1);
  for (let i = 0; i < visits.length; i++) start[visits.day[i]! - first + 1]!++;
  for (let d = 0; d < days; d++) start[d + 1]! += start[d]!;
  const fill = start.slice(0, days);
  const rows = new Int32Array(visits.length);
  const customer = new Int32Array(visits.length);
  for (let c = 0; c < plans.length; c++) {
    const { visitFrom, visitTo } = plans[c]!;
    for (let i = visitFrom; i < visitTo; i++) {
      const slot = fill[visits.day[i]! - first]!++;
      rows[slot] = i;
      customer[slot] = c;
    }
  }
  return { start, rows, customer };
}

export function writeTimeline(w: WriteContext, plans: readonly CustomerPlan[]): void {
  const { rng, st } = w;
  const visits = w.visits;
  let first = w.today;
  for (let i = 0; i < visits.length; i++) first = Math.min(first, visits.day[i]!);
  const days = w.today - first + 1;
  const { start, rows, customer } = byDay(plans, visits, first, days);
  const { vehicle, type, amountFen: amount, mileageKm: km } = visits;

  const n = plans.length;
  const advisorOf = new Uint8Array(n);
  const flags = new Uint8Array(n); // 1: redeems points, 2: unhappy segment
  for (let c = 0; c < n; c++) {
    const plan = plans[c]!;
    advisorOf[c] = plan.advisor;
    flags[c] = (plan.redeemer ? 1 : 0) | (plan.segment === 'lost' || plan.segment === 'fading' ? 2 : 0);
  }
  const balance = new Int32Array(n);
  const redemptions = new Uint8Array(n);
  const seenVehicles = new Uint8Array(n);
  // Each car's mileage count (points.ts carMileagePoints): its first known reading, then its latest earned one.
  const countedKm = new Int32Array(n * 8).fill(-1);
  let busiest = 0;
  for (let d = 0; d < days; d++) busiest = Math.max(busiest, start[d + 1]! - start[d]!);
  const order = new Float64Array(busiest);

  for (let d = 0; d < days; d++) {
    const day = first + d;
    const date = isoDate(day);
    const from = start[d]!;
    const count = start[d + 1]! - from;
    for (let k = 0; k < count; k++) order[k] = businessSecond(rng.next()) * SLOT_BITS + k;
    const sorted = order.subarray(0, count).sort();
    for (let k = 0; k < count; k++) {
      const second = Math.floor(sorted[k]! / SLOT_BITS);
      const slot = from + (sorted[k]! - second * SLOT_BITS);
      const c = customer[slot]!;
      const row = rows[slot]!;
      const customerId = w.customerIds[c]!;
      const advisor = rng.chance(0.85) ? w.advisorIds[advisorOf[c]!]! : rng.pick(w.advisorIds);
      const ms = localMs(day, second);
      const id = w.ids.at(ms);
      const created = isoInstant(ms);
      const amountFen = amount[row]!;
      st.visit.add(id, customerId, w.vehicleIds[c]![vehicle[row]!], date, VISIT_TYPES[type[row]!], amountFen, km[row], advisor, created);
      const car = c * 8 + vehicle[row]!;
      const reading = km[row]!;
      if (amountFen > 0) {
        const points = Math.floor(amountFen / 100);
        const entryMs = ms + rng.int(5, 60) * MINUTE;
        const earnId = w.ids.at(entryMs);
        st.ledger.add(earnId, customerId, date, 'earn_visit', points, id, null, null, advisor, isoInstant(entryMs));
        balance[c]! += points;
        // Its kilometres, as a desk pays them with the spend. The id: the spend's, as version 8 (its time, and no
        // draw from rng: the rest of the store stays what the seed made it).
        const from = countedKm[car]!;
        const mileage = from < 0 ? 0 : mileagePoints(from, reading, DEFAULT_RULES);
        // The redemptions below go by the spend alone (as before mileage was paid: the same draws, a balance never below zero).
        if (mileage > 0) st.ledger.add(`${earnId.slice(0, 14)}8${earnId.slice(15)}`, customerId, date, 'mileage', mileage, id, null, mileageNote(from, reading), advisor, isoInstant(entryMs));
        if (reading > from) countedKm[car] = reading;
        if (flags[c]! & 1 && redemptions[c]! < 2 && balance[c]! >= 2000 && rng.chance(0.3)) {
          const redeem = 500 * rng.int(2, Math.min(10, Math.floor(balance[c]! / 500)));
          const redeemMs = entryMs + MINUTE;
          st.ledger.add(w.ids.at(redeemMs), customerId, date, 'redeem', -redeem, id, null, rng.pick(REDEEM_NOTES), advisor,
            isoInstant(redeemMs));
          balance[c]! -= redeem;
          redemptions[c]!++;
        }
      } else if (countedKm[car]! < 0) countedKm[car] = reading;
      const bit = 1 << vehicle[row]!;
      const firstOfVehicle = (seenVehicles[c]! & bit) === 0;
      seenVehicles[c]! |= bit;
      if (rng.chance(firstOfVehicle ? 0.6 : 0.03)) writeSurvey(w, customerId, day, id, advisor, (flags[c]! & 2) !== 0);
    }
  }
  w.counts.visits += start[days]!;
}

function writeSurvey(w: WriteContext, customerId: string, visitDay: number, visitId: string, advisor: string, unhappy: boolean): void {
  const { rng } = w;
  const day = visitDay + rng.int(1, 7);
  if (day > w.today) return;
  const score = (unhappy ? UNHAPPY : HAPPY).pick(rng);
  const comment = rng.chance(0.25) ? rng.pick(score >= 8 ? GOOD_COMMENTS : BAD_COMMENTS) : null;
  const ms = at(w, day);
  const created = isoInstant(ms);
  w.st.survey.run(w.ids.at(ms), w.storeId, customerId, visitId, isoDate(day), score, comment, advisor, created, created);
}

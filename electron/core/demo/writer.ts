import type { CustomerPlan } from './customer';
import { businessSecond, isoDate, isoInstant, localMs } from './dates';
import type { IdMaker } from './ids';
import type { Rng } from './rng';
import type { Statements } from './statements';
import { searchKeysFor } from '../search/keys';
import type { VisitStore } from './visits';

/** Everything rows are written with. */
export interface WriteContext {
  st: Statements;
  ids: IdMaker;
  rng: Rng;
  today: number;
  storeId: string;
  advisorIds: string[];
  managerId: string;
  /** By customer index, once written: their id (referrals point back into it) and their vehicles' ids. */
  customerIds: string[];
  vehicleIds: string[][];
  counts: { vehicles: number; visits: number };
  visits: VisitStore;
}

/** Nightly DMS sync time (20:00 local) of a day, as the instant of a row's last update. */
export function syncInstant(day: number): string {
  return isoInstant(localMs(day, 20 * 3600));
}

/** A business-hours instant on a day, epoch ms. */
export function at(w: WriteContext, day: number): number {
  return localMs(day, businessSecond(w.rng.next()));
}

function lastActivity(visits: VisitStore, plan: CustomerPlan): number {
  const last = plan.visitTo > plan.visitFrom ? visits.day[plan.visitTo - 1]! : plan.memberSince;
  return Math.max(last, plan.memberSince, plan.tierSince);
}

/** Writes the customer row and returns its id. */
export function writeCustomerRow(w: WriteContext, plan: CustomerPlan): string {
  const id = w.ids.at(plan.createdMs);
  const created = isoInstant(plan.createdMs);
  const lunar = plan.lunar;
  const last = lastActivity(w.visits, plan);
  w.st.customer.run(
    id, w.storeId, plan.name, plan.py.full, plan.py.initials, plan.gender, plan.phone, plan.phone2,
    lunar ? 'lunar' : 'solar', plan.birthDate === null ? null : isoDate(plan.birthDate),
    lunar ? lunar.month : null, lunar ? lunar.day : null, lunar?.leap ? 1 : 0,
    plan.wedding === null ? null : isoDate(plan.wedding), plan.address, plan.city, w.advisorIds[plan.advisor],
    isoDate(plan.memberSince), plan.tier, isoDate(plan.tierSince), plan.marketingConsent ? 1 : 0, created,
    plan.doNotContact ? 1 : 0, plan.referrer >= 0 ? w.customerIds[plan.referrer] : null, null,
    created, last > plan.memberSince ? syncInstant(last) : created,
  );
  w.customerIds[plan.index] = id;
  return id;
}

export function writeVehicles(w: WriteContext, plan: CustomerPlan, customerId: string): void {
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
  w.vehicleIds[plan.index] = ids;
  w.counts.vehicles += ids.length;
}

export function writeSearchKeys(w: WriteContext, plan: CustomerPlan, customerId: string): void {
  const phones = plan.phone2 ? [plan.phone, plan.phone2] : [plan.phone];
  const plates = plan.vehicles.map((v) => v.plate);
  for (const key of searchKeysFor({ name: plan.name, phones, plates }, plan.py)) w.st.searchKey.add(key.kind, key.key, customerId);
}

import type BetterSqlite3 from 'better-sqlite3';
import type { TaskReason } from '../../../shared/domain/tasks';

/** A task's customer and the car its reason names: by id (a mileage milestone) or by its delivery day (new-owner steps, anniversaries). */
export interface TaskCar {
  customerId: string;
  reason: TaskReason;
}

/**
 * The plate of the car each task is about, by task index, where its reason names one car of the
 * customer (a customer with two cars otherwise sees the latest one's plate beside a key ring for
 * the other). A delivery day matches the date on file or the one first recorded; a day two live
 * cars share names neither.
 */
export function taskPlates(sqlite: BetterSqlite3.Database, tasks: readonly TaskCar[]): Map<number, string> {
  const out = new Map<number, string>();
  const customers = [...new Set(tasks.filter((t) => carOf(t.reason) !== null).map((t) => t.customerId))];
  if (customers.length === 0) return out;
  const cars = sqlite
    .prepare(
      `SELECT customer_id, id, plate, delivery_date, first_delivery_date FROM vehicles
       WHERE customer_id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL`,
    )
    .raw()
    .all(JSON.stringify(customers)) as [string, string, string, string, string | null][];
  const carsOf = new Map<string, typeof cars>();
  for (const c of cars) {
    const list = carsOf.get(c[0]);
    if (list) list.push(c);
    else carsOf.set(c[0], [c]);
  }
  tasks.forEach((t, i) => {
    const car = carOf(t.reason);
    if (car === null) return;
    const mine = carsOf.get(t.customerId) ?? [];
    const match = 'vehicleId' in car ? mine.filter(([, id]) => id === car.vehicleId) : mine.filter(([, , , on, first]) => on === car.deliveredOn || first === car.deliveredOn);
    if (match.length === 1) out.set(i, match[0]![2]);
  });
  return out;
}

function carOf(reason: TaskReason): { vehicleId: string } | { deliveredOn: string } | null {
  if (reason.code === 'mileage_milestone' && typeof reason.vehicleId === 'string') return { vehicleId: reason.vehicleId };
  if (CAR_DAY_CODES.has(reason.code) && typeof reason.deliveredOn === 'string') return { deliveredOn: reason.deliveredOn };
  return null;
}

/** Reasons that name a car by its delivery day (a win-back's deliveredOn is the customer's latest car: about the customer, not a car). */
const CAR_DAY_CODES = new Set(['new_owner', 'growth_stage', 'delivery_anniversary']);

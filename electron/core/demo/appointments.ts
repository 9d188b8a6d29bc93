import type BetterSqlite3 from 'better-sqlite3';
import { DEFAULT_DAY_SLOTS } from '../../../shared/domain/booking';
import { tierAtLeast } from '../../../shared/domain/booking';
import type { RulesConfig } from '../../../shared/domain/rules/config';
import type { Tier } from '../../../shared/domain/types';
import { isoDate, isoInstant, localMs } from './dates';
import { IdMaker } from './ids';
import { Rng } from './rng';

/** Random streams of their own, so the rest of the demo store stays byte-identical. */
const DATA_STREAM = 3;
const ID_STREAM = 4;
const TODAY_BOOKINGS = 6;

const NOTES = ['顺便检查空调', '换季检查轮胎', '客户说刹车有异响', '保养后要洗车', null, null] as const;

/**
 * A few service appointments so Today has arrivals to prepare for: six today, customers with a
 * drink on file first (so it is ready when they arrive), each in a slot the customer's tier may
 * take, never over a slot's capacity, booked a few days before. Nothing is dated after today
 * (the demo store's history ends today). Deterministic per seed.
 */
export function writeDemoAppointments(sqlite: BetterSqlite3.Database, storeId: string, seed: number, today: number, rules: RulesConfig): number {
  const rng = new Rng(seed, DATA_STREAM);
  const ids = new IdMaker(new Rng(seed, ID_STREAM));
  const candidates = sqlite
    .prepare(
      `SELECT c.id, c.tier, c.advisor_id AS advisorId,
              (SELECT v.id FROM vehicles v WHERE v.customer_id = c.id AND v.deleted_at IS NULL ORDER BY v.delivery_date DESC, v.id LIMIT 1) AS vehicleId,
              EXISTS (SELECT 1 FROM preferences p WHERE p.customer_id = c.id AND p.category = 'drink' AND p.deleted_at IS NULL) AS drink
       FROM customers c WHERE c.deleted_at IS NULL AND c.do_not_contact = 0 ORDER BY c.id LIMIT 400`,
    )
    .all() as { id: string; tier: Tier; advisorId: string | null; vehicleId: string | null; drink: number }[];
  const withCar = candidates.filter((c) => c.vehicleId !== null);
  const preferred = withCar.filter((c) => c.drink === 1);
  const insert = sqlite.prepare(
    `INSERT INTO appointments (id, store_id, customer_id, vehicle_id, slot_date, slot_time, reserved, status, note, created_by, created_at, updated_by, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'booked', ?, ?, ?, ?, ?)`,
  );
  const used = new Map<string, number>();
  const booked = new Set<string>();
  let written = 0;
  const book = (pool: typeof withCar, day: number, count: number) => {
    for (let tries = 0; count > 0 && tries < 200 && pool.length > 0; tries++) {
      const c = rng.pick(pool);
      if (booked.has(c.id)) continue;
      const slot = rng.pick(DEFAULT_DAY_SLOTS);
      const key = `${day}|${slot.time}`;
      if (slot.reserved && !tierAtLeast(c.tier, rules.booking.reservedMinTier)) continue;
      if ((used.get(key) ?? 0) >= slot.capacity) continue;
      const createdMs = localMs(day - rng.int(1, 6), rng.int(9 * 3600, 18 * 3600));
      const at = isoInstant(createdMs);
      insert.run(ids.at(createdMs), storeId, c.id, c.vehicleId, isoDate(day), slot.time, slot.reserved ? 1 : 0, rng.pick(NOTES), c.advisorId, at, c.advisorId, at);
      used.set(key, (used.get(key) ?? 0) + 1);
      booked.add(c.id);
      count--;
      written++;
    }
  };
  book(preferred.length > 0 ? preferred : withCar, today, TODAY_BOOKINGS);
  return written;
}

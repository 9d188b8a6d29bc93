-- Service appointments (预约). The store's day of slots is a template (shared/domain/booking.ts:
-- start time, capacity, reserved for members); an appointment holds its slot's date and time
-- and whether the slot was a reserved one when it was booked. Cancelled rows stay (history).
CREATE TABLE appointments (
  id           TEXT PRIMARY KEY,
  store_id     TEXT NOT NULL REFERENCES stores(id),
  customer_id  TEXT NOT NULL REFERENCES customers(id),
  vehicle_id   TEXT REFERENCES vehicles(id),
  slot_date    TEXT NOT NULL,
  slot_time    TEXT NOT NULL,
  reserved     INTEGER NOT NULL DEFAULT 0 CHECK (reserved IN (0, 1)),
  status       TEXT NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'arrived', 'cancelled')),
  note         TEXT,
  created_by   TEXT REFERENCES staff(id),
  created_at   TEXT NOT NULL,
  updated_by   TEXT REFERENCES staff(id),
  updated_at   TEXT NOT NULL
);
-- The day's calendar (slot counts, today's arrivals) and a customer's own bookings.
CREATE INDEX appointments_store_day ON appointments(store_id, slot_date, slot_time, status);
CREATE INDEX appointments_customer ON appointments(customer_id, slot_date);
-- Points are earned once per visit: the database itself refuses a second earn_visit entry.
CREATE UNIQUE INDEX ledger_visit_earned ON points_ledger(visit_id) WHERE kind = 'earn_visit';

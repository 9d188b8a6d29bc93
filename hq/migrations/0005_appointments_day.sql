-- A store's appointments by day: HQ counts a slot's live bookings on every booking a desk pushes
-- (two desks offline each booked its last place), inside the store's lock.
CREATE INDEX sync_rows_appointments_day ON sync_rows(store_id, (data->>'slot_date')) WHERE tbl = 'appointments';

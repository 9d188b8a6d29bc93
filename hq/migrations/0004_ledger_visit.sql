-- A visit's points and mileage are earned once per visit, whichever customer holds it (shared/sync/earned-once.ts):
-- HQ looks the visit up among the store's ledger entries on every such push, inside the store's lock.
CREATE INDEX sync_rows_ledger_visit ON sync_rows(store_id, (data->>'visit_id')) WHERE tbl = 'points_ledger';

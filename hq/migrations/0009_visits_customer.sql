-- A customer's visits at HQ: a pushed mileage earning is recounted against its car's readings
-- (hq/sync/push.ts followVisitCorrections, repos/rows.ts carMileageRows), and an imported
-- correction of a reading recounts the car (hq/ingest): both inside the store's lock, where a scan
-- of the store's ~1.5M visits per earning made the other desks' pushes wait.
CREATE INDEX sync_rows_visits_customer ON sync_rows(store_id, (data->>'customer_id')) WHERE tbl = 'visits';

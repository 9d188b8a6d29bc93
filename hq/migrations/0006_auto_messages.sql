-- Automatic messages waiting to be sent (hq/messages): the sender reads a store's queued ones each round.
CREATE INDEX sync_rows_auto_messages_queued ON sync_rows(store_id) WHERE tbl = 'auto_messages' AND (data->>'status') = 'queued';
-- A store's cars by delivery day: the planner of automatic messages reads the recent deliveries.
CREATE INDEX sync_rows_vehicles_delivery ON sync_rows(store_id, (data->>'delivery_date')) WHERE tbl = 'vehicles';

-- A pushed task or card that repeats another's unique columns on the desks (shared/sync/tables.ts uniqueKey:
-- a task's customer, rule and occurrence) is refused: every desk's pull would fail on that constraint.
-- The lookup goes through the customer's rows of the table.
CREATE INDEX sync_rows_unique_key_customer ON sync_rows(store_id, tbl, (data->>'customer_id')) WHERE tbl IN ('tasks', 'card_reminders');

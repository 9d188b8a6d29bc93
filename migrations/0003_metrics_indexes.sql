-- Store metrics (electron/core/repos/store-metrics.ts) from indexes only, never from table rows.
-- Every column the metrics queries name is a key column, even one fixed by a partial index's
-- WHERE clause: only then does the planner count the index as covering.

-- Purchases per customer in date order: first/second purchase, window counts and spend.
CREATE INDEX visits_purchases ON visits(customer_id, visit_date, amount_fen, deleted_at) WHERE amount_fen > 0 AND deleted_at IS NULL;
-- Free visits by date: the trailing-year visit count without reading the purchases.
CREATE INDEX visits_free_by_date ON visits(visit_date, customer_id, amount_fen, deleted_at) WHERE amount_fen <= 0 AND deleted_at IS NULL;
-- Live customers in id order (they drive the per-customer pass) with who referred them; and the
-- few deleted ones, so rows of deleted customers can be left out without a lookup per row.
CREATE INDEX customers_deleted_id ON customers(deleted_at, id, referred_by_id);
-- First delivery of a customer who has not bought anything yet (recency counts from it).
CREATE INDEX vehicles_delivery ON vehicles(customer_id, delivery_date, deleted_at) WHERE deleted_at IS NULL;
-- Surveys by date for the NPS window.
CREATE INDEX surveys_by_date ON surveys(surveyed_on, score, customer_id, deleted_at) WHERE deleted_at IS NULL;

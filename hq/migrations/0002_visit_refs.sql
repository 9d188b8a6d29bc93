-- A visit's repair-order number in the dealer system (工单号), when an import carries one: a later row
-- with the same number is that visit corrected (date, type, amount, mileage), updated in place instead
-- of imported as a second visit (hq/ingest/ingest.ts visitIdOf). A visit imported before without a
-- number becomes the one of the first row naming it (same car, day and type).
CREATE TABLE visit_refs (
  store_id   TEXT NOT NULL,
  ro_number  TEXT NOT NULL,
  visit_id   TEXT NOT NULL,
  PRIMARY KEY (store_id, ro_number)
);
CREATE UNIQUE INDEX visit_refs_visit ON visit_refs(store_id, visit_id);

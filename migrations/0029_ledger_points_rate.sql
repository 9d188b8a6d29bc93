-- The rate a visit's spend points were earned at: points per 1,000 CNY (the tier multiplier x points
-- per CNY, taken to 1/1000, as shared/domain/rules/points.ts visitPointsRate). With it HQ keeps a
-- visit's spend points in step with its amount when the dealer system corrects it, at the tier of
-- the day they were earned (hq/sync/visit-points.ts). NULL: not a visit's spend, or earned before.
ALTER TABLE points_ledger ADD COLUMN points_rate INTEGER CHECK (points_rate > 0);
-- Capture every column (scripts/recreate-triggers.mjs points_ledger).
DROP TRIGGER sync_capture_points_ledger_delete;
CREATE TRIGGER sync_capture_points_ledger_delete AFTER DELETE ON points_ledger WHEN EXISTS (SELECT 1 FROM sync_capture_switch) BEGIN
  INSERT INTO sync_capture (tbl, op, old) VALUES ('points_ledger', 'delete', json_object('id', OLD.id, 'store_id', OLD.store_id, 'customer_id', OLD.customer_id, 'entry_date', OLD.entry_date, 'kind', OLD.kind, 'points', OLD.points, 'visit_id', OLD.visit_id, 'counterparty_id', OLD.counterparty_id, 'reverses_id', OLD.reverses_id, 'note', OLD.note, 'created_by', OLD.created_by, 'created_at', OLD.created_at, 'points_rate', OLD.points_rate));
END;
DROP TRIGGER sync_capture_points_ledger_insert;
CREATE TRIGGER sync_capture_points_ledger_insert AFTER INSERT ON points_ledger WHEN EXISTS (SELECT 1 FROM sync_capture_switch) BEGIN
  INSERT INTO sync_capture (tbl, op, new) VALUES ('points_ledger', 'insert', json_object('id', NEW.id, 'store_id', NEW.store_id, 'customer_id', NEW.customer_id, 'entry_date', NEW.entry_date, 'kind', NEW.kind, 'points', NEW.points, 'visit_id', NEW.visit_id, 'counterparty_id', NEW.counterparty_id, 'reverses_id', NEW.reverses_id, 'note', NEW.note, 'created_by', NEW.created_by, 'created_at', NEW.created_at, 'points_rate', NEW.points_rate));
END;
DROP TRIGGER sync_capture_points_ledger_update;
CREATE TRIGGER sync_capture_points_ledger_update AFTER UPDATE ON points_ledger WHEN EXISTS (SELECT 1 FROM sync_capture_switch) BEGIN
  INSERT INTO sync_capture (tbl, op, old, new) VALUES ('points_ledger', 'update', json_object('id', OLD.id, 'store_id', OLD.store_id, 'customer_id', OLD.customer_id, 'entry_date', OLD.entry_date, 'kind', OLD.kind, 'points', OLD.points, 'visit_id', OLD.visit_id, 'counterparty_id', OLD.counterparty_id, 'reverses_id', OLD.reverses_id, 'note', OLD.note, 'created_by', OLD.created_by, 'created_at', OLD.created_at, 'points_rate', OLD.points_rate), json_object('id', NEW.id, 'store_id', NEW.store_id, 'customer_id', NEW.customer_id, 'entry_date', NEW.entry_date, 'kind', NEW.kind, 'points', NEW.points, 'visit_id', NEW.visit_id, 'counterparty_id', NEW.counterparty_id, 'reverses_id', NEW.reverses_id, 'note', NEW.note, 'created_by', NEW.created_by, 'created_at', NEW.created_at, 'points_rate', NEW.points_rate));
END;

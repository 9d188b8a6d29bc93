-- The day the store's points programme started (HQ sets it when it creates the store; hq create-store
-- --points-from): a visit before it earns nothing, and a car's kilometres count from its first reading
-- on or after it (shared/domain/rules/points.ts), so the dealer history a store imports at go-live
-- pays nothing. NULL: no start (a store HQ created before this column, the demo store).
ALTER TABLE stores ADD COLUMN points_from TEXT CHECK (points_from IS NULL OR points_from GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]');
-- Capture every column (scripts/recreate-triggers.mjs stores).
DROP TRIGGER sync_capture_stores_delete;
CREATE TRIGGER sync_capture_stores_delete AFTER DELETE ON stores WHEN EXISTS (SELECT 1 FROM sync_capture_switch) BEGIN
  INSERT INTO sync_capture (tbl, op, old) VALUES ('stores', 'delete', json_object('id', OLD.id, 'code', OLD.code, 'name', OLD.name, 'timezone', OLD.timezone, 'address', OLD.address, 'phone', OLD.phone, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at, 'points_from', OLD.points_from));
END;
DROP TRIGGER sync_capture_stores_insert;
CREATE TRIGGER sync_capture_stores_insert AFTER INSERT ON stores WHEN EXISTS (SELECT 1 FROM sync_capture_switch) BEGIN
  INSERT INTO sync_capture (tbl, op, new) VALUES ('stores', 'insert', json_object('id', NEW.id, 'code', NEW.code, 'name', NEW.name, 'timezone', NEW.timezone, 'address', NEW.address, 'phone', NEW.phone, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at, 'points_from', NEW.points_from));
END;
DROP TRIGGER sync_capture_stores_update;
CREATE TRIGGER sync_capture_stores_update AFTER UPDATE ON stores WHEN EXISTS (SELECT 1 FROM sync_capture_switch) BEGIN
  INSERT INTO sync_capture (tbl, op, old, new) VALUES ('stores', 'update', json_object('id', OLD.id, 'code', OLD.code, 'name', OLD.name, 'timezone', OLD.timezone, 'address', OLD.address, 'phone', OLD.phone, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at, 'points_from', OLD.points_from), json_object('id', NEW.id, 'code', NEW.code, 'name', NEW.name, 'timezone', NEW.timezone, 'address', NEW.address, 'phone', NEW.phone, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at, 'points_from', NEW.points_from));
END;

-- Weather surprise (DOMAIN.md "Surprise moments": an advisor marks a rainy day, umbrellas for the
-- day's visitors). One row per store and day that someone marked; synced ('editable', last writer
-- wins), so every desk of the store has the umbrellas ready, and a mark set by mistake is cleared
-- by setting it again (rainy = 0), never deleted.
CREATE TABLE store_days (
  store_id    TEXT NOT NULL REFERENCES stores(id),
  date        TEXT NOT NULL,
  rainy       INTEGER NOT NULL DEFAULT 0 CHECK (rainy IN (0, 1)),
  marked_by   TEXT REFERENCES staff(id),
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  PRIMARY KEY (store_id, date)
);
CREATE TRIGGER sync_capture_store_days_insert AFTER INSERT ON store_days WHEN EXISTS (SELECT 1 FROM sync_capture_switch) BEGIN
  INSERT INTO sync_capture (tbl, op, new) VALUES ('store_days', 'insert', json_object('store_id', NEW.store_id, 'date', NEW.date, 'rainy', NEW.rainy, 'marked_by', NEW.marked_by, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at));
END;
CREATE TRIGGER sync_capture_store_days_update AFTER UPDATE ON store_days WHEN EXISTS (SELECT 1 FROM sync_capture_switch) BEGIN
  INSERT INTO sync_capture (tbl, op, old, new) VALUES ('store_days', 'update', json_object('store_id', OLD.store_id, 'date', OLD.date, 'rainy', OLD.rainy, 'marked_by', OLD.marked_by, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at), json_object('store_id', NEW.store_id, 'date', NEW.date, 'rainy', NEW.rainy, 'marked_by', NEW.marked_by, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at));
END;
CREATE TRIGGER sync_capture_store_days_delete AFTER DELETE ON store_days WHEN EXISTS (SELECT 1 FROM sync_capture_switch) BEGIN
  INSERT INTO sync_capture (tbl, op, old) VALUES ('store_days', 'delete', json_object('store_id', OLD.store_id, 'date', OLD.date, 'rainy', OLD.rainy, 'marked_by', OLD.marked_by, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at));
END;

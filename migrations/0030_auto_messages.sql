-- Automatic messages (DOMAIN.md lifecycle: the new-owner guide on D7 and the monthly car-care tip,
-- "automatic message, logged"). HQ plans and sends them (hq/messages: one sender for the whole
-- store, so two desks never send one twice) through the brand's SMS gateway, and every desk pulls
-- the log: what was sent to whom, when, or why not. Written by HQ only (synced 'hq').
CREATE TABLE auto_messages (
  id           TEXT PRIMARY KEY,
  store_id     TEXT NOT NULL REFERENCES stores(id),
  customer_id  TEXT NOT NULL REFERENCES customers(id),
  rule         TEXT NOT NULL CHECK (rule IN ('d7_guide', 'monthly_tip')),
  occurrence   TEXT NOT NULL,
  channel      TEXT NOT NULL CHECK (channel IN ('sms')),
  due_date     TEXT NOT NULL,
  status       TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'failed', 'void')),
  sent_at      TEXT,
  error        TEXT,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  UNIQUE (customer_id, rule, occurrence)
);
CREATE TRIGGER sync_capture_auto_messages_insert AFTER INSERT ON auto_messages WHEN EXISTS (SELECT 1 FROM sync_capture_switch) BEGIN
  INSERT INTO sync_capture (tbl, op, new) VALUES ('auto_messages', 'insert', json_object('id', NEW.id, 'store_id', NEW.store_id, 'customer_id', NEW.customer_id, 'rule', NEW.rule, 'occurrence', NEW.occurrence, 'channel', NEW.channel, 'due_date', NEW.due_date, 'status', NEW.status, 'sent_at', NEW.sent_at, 'error', NEW.error, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at));
END;
CREATE TRIGGER sync_capture_auto_messages_update AFTER UPDATE ON auto_messages WHEN EXISTS (SELECT 1 FROM sync_capture_switch) BEGIN
  INSERT INTO sync_capture (tbl, op, old, new) VALUES ('auto_messages', 'update', json_object('id', OLD.id, 'store_id', OLD.store_id, 'customer_id', OLD.customer_id, 'rule', OLD.rule, 'occurrence', OLD.occurrence, 'channel', OLD.channel, 'due_date', OLD.due_date, 'status', OLD.status, 'sent_at', OLD.sent_at, 'error', OLD.error, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at), json_object('id', NEW.id, 'store_id', NEW.store_id, 'customer_id', NEW.customer_id, 'rule', NEW.rule, 'occurrence', NEW.occurrence, 'channel', NEW.channel, 'due_date', NEW.due_date, 'status', NEW.status, 'sent_at', NEW.sent_at, 'error', NEW.error, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at));
END;
CREATE TRIGGER sync_capture_auto_messages_delete AFTER DELETE ON auto_messages WHEN EXISTS (SELECT 1 FROM sync_capture_switch) BEGIN
  INSERT INTO sync_capture (tbl, op, old) VALUES ('auto_messages', 'delete', json_object('id', OLD.id, 'store_id', OLD.store_id, 'customer_id', OLD.customer_id, 'rule', OLD.rule, 'occurrence', OLD.occurrence, 'channel', OLD.channel, 'due_date', OLD.due_date, 'status', OLD.status, 'sent_at', OLD.sent_at, 'error', OLD.error, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at));
END;

-- The win-back plan's churn-reason survey (DOMAIN.md lifecycle "At risk": exclusive offer + advisor home visit;
-- churn-reason survey): completing a win-back task that reached the customer records why they stopped coming
-- (shared/domain/tasks.ts CHURN_REASONS); the manager's radar counts them. NULL on every other contact.
ALTER TABLE interactions ADD COLUMN churn_reason TEXT CHECK (churn_reason IN ('price', 'service', 'waiting', 'distance', 'other_dealer', 'car_sold', 'no_need', 'not_said'));
CREATE INDEX interactions_churn_reason ON interactions(occurred_at, churn_reason) WHERE churn_reason IS NOT NULL;
-- Capture every column (a later column must re-create the triggers; mutate.test.ts).
DROP TRIGGER sync_capture_interactions_insert;
DROP TRIGGER sync_capture_interactions_update;
DROP TRIGGER sync_capture_interactions_delete;
CREATE TRIGGER sync_capture_interactions_insert AFTER INSERT ON interactions WHEN EXISTS (SELECT 1 FROM sync_capture_switch) BEGIN
  INSERT INTO sync_capture (tbl, op, new) VALUES ('interactions', 'insert', json_object('id', NEW.id, 'store_id', NEW.store_id, 'customer_id', NEW.customer_id, 'staff_id', NEW.staff_id, 'channel', NEW.channel, 'outcome', NEW.outcome, 'note', NEW.note, 'next_step', NEW.next_step, 'next_date', NEW.next_date, 'task_id', NEW.task_id, 'occurred_at', NEW.occurred_at, 'created_at', NEW.created_at, 'purpose', NEW.purpose, 'churn_reason', NEW.churn_reason));
END;
CREATE TRIGGER sync_capture_interactions_update AFTER UPDATE ON interactions WHEN EXISTS (SELECT 1 FROM sync_capture_switch) BEGIN
  INSERT INTO sync_capture (tbl, op, old, new) VALUES ('interactions', 'update', json_object('id', OLD.id, 'store_id', OLD.store_id, 'customer_id', OLD.customer_id, 'staff_id', OLD.staff_id, 'channel', OLD.channel, 'outcome', OLD.outcome, 'note', OLD.note, 'next_step', OLD.next_step, 'next_date', OLD.next_date, 'task_id', OLD.task_id, 'occurred_at', OLD.occurred_at, 'created_at', OLD.created_at, 'purpose', OLD.purpose, 'churn_reason', OLD.churn_reason), json_object('id', NEW.id, 'store_id', NEW.store_id, 'customer_id', NEW.customer_id, 'staff_id', NEW.staff_id, 'channel', NEW.channel, 'outcome', NEW.outcome, 'note', NEW.note, 'next_step', NEW.next_step, 'next_date', NEW.next_date, 'task_id', NEW.task_id, 'occurred_at', NEW.occurred_at, 'created_at', NEW.created_at, 'purpose', NEW.purpose, 'churn_reason', NEW.churn_reason));
END;
CREATE TRIGGER sync_capture_interactions_delete AFTER DELETE ON interactions WHEN EXISTS (SELECT 1 FROM sync_capture_switch) BEGIN
  INSERT INTO sync_capture (tbl, op, old) VALUES ('interactions', 'delete', json_object('id', OLD.id, 'store_id', OLD.store_id, 'customer_id', OLD.customer_id, 'staff_id', OLD.staff_id, 'channel', OLD.channel, 'outcome', OLD.outcome, 'note', OLD.note, 'next_step', OLD.next_step, 'next_date', OLD.next_date, 'task_id', OLD.task_id, 'occurred_at', OLD.occurred_at, 'created_at', OLD.created_at, 'purpose', OLD.purpose, 'churn_reason', OLD.churn_reason));
END;

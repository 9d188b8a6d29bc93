-- A manager's one-off move of one open task (tasks.reassign) pins the task to that advisor: the
-- planner, which otherwise keeps an open task with its customer's advisor, leaves a pinned task's
-- advisor alone, so the move is not undone on every desk by the next plan (uncaptured, so desks
-- and HQ would differ). Reassigning the customer (team.reassign) moves and unpins their open tasks.
-- A new column of a synced table: its capture triggers are re-created with every column.
ALTER TABLE tasks ADD COLUMN advisor_pinned INTEGER NOT NULL DEFAULT 0 CHECK (advisor_pinned IN (0, 1));
DROP TRIGGER sync_capture_tasks_insert;
DROP TRIGGER sync_capture_tasks_update;
DROP TRIGGER sync_capture_tasks_delete;
CREATE TRIGGER sync_capture_tasks_insert AFTER INSERT ON tasks WHEN EXISTS (SELECT 1 FROM sync_capture_switch) BEGIN
  INSERT INTO sync_capture (tbl, op, new) VALUES ('tasks', 'insert', json_object('id', NEW.id, 'store_id', NEW.store_id, 'customer_id', NEW.customer_id, 'advisor_id', NEW.advisor_id, 'rule', NEW.rule, 'occurrence', NEW.occurrence, 'kind', NEW.kind, 'channel', NEW.channel, 'due_date', NEW.due_date, 'status', NEW.status, 'reason', NEW.reason, 'outcome', NEW.outcome, 'skip_reason', NEW.skip_reason, 'snoozed_until', NEW.snoozed_until, 'completed_at', NEW.completed_at, 'completed_by', NEW.completed_by, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'advisor_pinned', NEW.advisor_pinned));
END;
CREATE TRIGGER sync_capture_tasks_update AFTER UPDATE ON tasks WHEN EXISTS (SELECT 1 FROM sync_capture_switch) BEGIN
  INSERT INTO sync_capture (tbl, op, old, new) VALUES ('tasks', 'update', json_object('id', OLD.id, 'store_id', OLD.store_id, 'customer_id', OLD.customer_id, 'advisor_id', OLD.advisor_id, 'rule', OLD.rule, 'occurrence', OLD.occurrence, 'kind', OLD.kind, 'channel', OLD.channel, 'due_date', OLD.due_date, 'status', OLD.status, 'reason', OLD.reason, 'outcome', OLD.outcome, 'skip_reason', OLD.skip_reason, 'snoozed_until', OLD.snoozed_until, 'completed_at', OLD.completed_at, 'completed_by', OLD.completed_by, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'advisor_pinned', OLD.advisor_pinned), json_object('id', NEW.id, 'store_id', NEW.store_id, 'customer_id', NEW.customer_id, 'advisor_id', NEW.advisor_id, 'rule', NEW.rule, 'occurrence', NEW.occurrence, 'kind', NEW.kind, 'channel', NEW.channel, 'due_date', NEW.due_date, 'status', NEW.status, 'reason', NEW.reason, 'outcome', NEW.outcome, 'skip_reason', NEW.skip_reason, 'snoozed_until', NEW.snoozed_until, 'completed_at', NEW.completed_at, 'completed_by', NEW.completed_by, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'advisor_pinned', NEW.advisor_pinned));
END;
CREATE TRIGGER sync_capture_tasks_delete AFTER DELETE ON tasks WHEN EXISTS (SELECT 1 FROM sync_capture_switch) BEGIN
  INSERT INTO sync_capture (tbl, op, old) VALUES ('tasks', 'delete', json_object('id', OLD.id, 'store_id', OLD.store_id, 'customer_id', OLD.customer_id, 'advisor_id', OLD.advisor_id, 'rule', OLD.rule, 'occurrence', OLD.occurrence, 'kind', OLD.kind, 'channel', OLD.channel, 'due_date', OLD.due_date, 'status', OLD.status, 'reason', OLD.reason, 'outcome', OLD.outcome, 'skip_reason', OLD.skip_reason, 'snoozed_until', OLD.snoozed_until, 'completed_at', OLD.completed_at, 'completed_by', OLD.completed_by, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'advisor_pinned', OLD.advisor_pinned));
END;

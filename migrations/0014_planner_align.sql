-- Planner changes to rows HQ holds (issue 5). Planned tasks and card reminders are made alike by
-- every desk's planner and are not pushed, until a person changes one (a manager moves it, its
-- customer is reassigned, it is done or skipped): from then on HQ holds a copy, and a later change
-- the PLANNER makes to it (void: its reason is gone; re-date; lapse) must reach HQ too, or HQ keeps
-- the older row for good while every desk agrees with each other.
--
-- sync_held: the open planned rows this desk knows HQ holds: every task / card reminder row in
-- an outbox entry (trigger below, in the mutation's own transaction) and every one HQ sends in a
-- pull page (sync/planner-align.ts, before the page is applied: HQ holds it whether or not the page
-- applies). Only rows still open (task 'open', card 'to_write') are noted: the planner never
-- changes the others. Local, never synced.
CREATE TABLE sync_held (
  tbl TEXT NOT NULL,
  pk  TEXT NOT NULL,
  PRIMARY KEY (tbl, pk)
) WITHOUT ROWID;

CREATE TRIGGER sync_held_from_outbox AFTER INSERT ON outbox BEGIN
  INSERT OR IGNORE INTO sync_held (tbl, pk)
    SELECT value ->> '$.table', value ->> '$.pk' FROM json_each(NEW.ops)
    WHERE value ->> '$.table' IN ('tasks', 'card_reminders') AND value ->> '$.row.status' IN ('open', 'to_write');
END;

-- Entries queued before this migration: their rows are at HQ too.
INSERT OR IGNORE INTO sync_held (tbl, pk)
  SELECT j.value ->> '$.table', j.value ->> '$.pk' FROM outbox, json_each(outbox.ops) AS j
  WHERE j.value ->> '$.table' IN ('tasks', 'card_reminders') AND j.value ->> '$.row.status' IN ('open', 'to_write');

-- While the planner writes (one row in sync_align_switch, inside applyPlan's transaction), an
-- update of a held row is copied (OLD and NEW as JSON, as 0008's capture does) into
-- sync_align_capture; at the end of the same transaction the planner turns the copies into row
-- operations and queues ONE outbox entry 'planner.align'. Every other write (a person's, pulled
-- rows, a rejection's undo) leaves the switch off: a pulled row is never echoed back.
CREATE TABLE sync_align_switch (id INTEGER PRIMARY KEY CHECK (id = 1));
CREATE TABLE sync_align_capture (
  seq INTEGER PRIMARY KEY,
  tbl TEXT NOT NULL,
  op  TEXT NOT NULL CHECK (op = 'update'),
  old TEXT,
  new TEXT
);
-- Every column, as the capture triggers (sync/planner-align.test.ts checks the lists against the tables).
CREATE TRIGGER sync_align_tasks_update AFTER UPDATE ON tasks
WHEN EXISTS (SELECT 1 FROM sync_align_switch) AND EXISTS (SELECT 1 FROM sync_held WHERE tbl = 'tasks' AND pk = NEW.id) BEGIN
  INSERT INTO sync_align_capture (tbl, op, old, new) VALUES ('tasks', 'update', json_object('id', OLD.id, 'store_id', OLD.store_id, 'customer_id', OLD.customer_id, 'advisor_id', OLD.advisor_id, 'rule', OLD.rule, 'occurrence', OLD.occurrence, 'kind', OLD.kind, 'channel', OLD.channel, 'due_date', OLD.due_date, 'status', OLD.status, 'reason', OLD.reason, 'outcome', OLD.outcome, 'skip_reason', OLD.skip_reason, 'snoozed_until', OLD.snoozed_until, 'completed_at', OLD.completed_at, 'completed_by', OLD.completed_by, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'advisor_pinned', OLD.advisor_pinned), json_object('id', NEW.id, 'store_id', NEW.store_id, 'customer_id', NEW.customer_id, 'advisor_id', NEW.advisor_id, 'rule', NEW.rule, 'occurrence', NEW.occurrence, 'kind', NEW.kind, 'channel', NEW.channel, 'due_date', NEW.due_date, 'status', NEW.status, 'reason', NEW.reason, 'outcome', NEW.outcome, 'skip_reason', NEW.skip_reason, 'snoozed_until', NEW.snoozed_until, 'completed_at', NEW.completed_at, 'completed_by', NEW.completed_by, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'advisor_pinned', NEW.advisor_pinned));
END;
CREATE TRIGGER sync_align_card_reminders_update AFTER UPDATE ON card_reminders
WHEN EXISTS (SELECT 1 FROM sync_align_switch) AND EXISTS (SELECT 1 FROM sync_held WHERE tbl = 'card_reminders' AND pk = NEW.id) BEGIN
  INSERT INTO sync_align_capture (tbl, op, old, new) VALUES ('card_reminders', 'update', json_object('id', OLD.id, 'store_id', OLD.store_id, 'customer_id', OLD.customer_id, 'advisor_id', OLD.advisor_id, 'occasion', OLD.occasion, 'subject_id', OLD.subject_id, 'occasion_date', OLD.occasion_date, 'lunar_label', OLD.lunar_label, 'due_date', OLD.due_date, 'status', OLD.status, 'skip_reason', OLD.skip_reason, 'written_at', OLD.written_at, 'sent_at', OLD.sent_at, 'updated_by', OLD.updated_by, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at), json_object('id', NEW.id, 'store_id', NEW.store_id, 'customer_id', NEW.customer_id, 'advisor_id', NEW.advisor_id, 'occasion', NEW.occasion, 'subject_id', NEW.subject_id, 'occasion_date', NEW.occasion_date, 'lunar_label', NEW.lunar_label, 'due_date', NEW.due_date, 'status', NEW.status, 'skip_reason', NEW.skip_reason, 'written_at', NEW.written_at, 'sent_at', NEW.sent_at, 'updated_by', NEW.updated_by, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at));
END;

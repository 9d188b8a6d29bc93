-- The planner's facts kept between runs (repos/planner-inputs-cached.ts): each customer's planning facts as
-- last read, the day they were read for, and the last day they stay true with the rows as they are
-- (only the passing of time is counted: a full run reads them instead of ~1.5M visits). Kept in the
-- wake row, so migration 0004's triggers drop them with everything else (INSERT OR REPLACE makes a
-- new row, these columns NULL) as soon as anything the planner reads about the customer changes.
ALTER TABLE planner_wake ADD COLUMN facts TEXT;
ALTER TABLE planner_wake ADD COLUMN facts_key TEXT;
ALTER TABLE planner_wake ADD COLUMN facts_on TEXT;
ALTER TABLE planner_wake ADD COLUMN facts_until TEXT;

-- The facts carry tier_since too: a change of it alone (a pull) must drop them as well.
DROP TRIGGER planner_wake_customers_update;
CREATE TRIGGER planner_wake_customers_update AFTER UPDATE OF store_id, advisor_id, member_since, tier, tier_since, do_not_contact, birthday_calendar, birth_date, birthday_lunar_month, birthday_lunar_day, birthday_lunar_leap, wedding_date, deleted_at ON customers WHEN EXISTS (SELECT 1 FROM planner_wake) BEGIN
  INSERT OR REPLACE INTO planner_wake (customer_id, wake_on) VALUES (OLD.id, '');
  INSERT OR REPLACE INTO planner_wake (customer_id, wake_on) VALUES (NEW.id, '');
END;

-- A digest of the tasks the planner last wrote for the customer (planner/task-digest.ts): a run
-- that wants the same tasks need not read and compare them. Any write to one of the customer's
-- tasks drops it, except the planner's own (while sync_align_switch has its row, migration 0014:
-- the planner writes the digest of every customer whose tasks it wrote, repos/planner-wake.ts).
ALTER TABLE planner_wake ADD COLUMN tasks_digest TEXT;
CREATE TRIGGER planner_wake_tasks_insert AFTER INSERT ON tasks WHEN EXISTS (SELECT 1 FROM planner_wake) AND NOT EXISTS (SELECT 1 FROM sync_align_switch) BEGIN
  UPDATE planner_wake SET tasks_digest = NULL WHERE customer_id = NEW.customer_id AND tasks_digest IS NOT NULL;
END;
CREATE TRIGGER planner_wake_tasks_update AFTER UPDATE ON tasks WHEN EXISTS (SELECT 1 FROM planner_wake) AND NOT EXISTS (SELECT 1 FROM sync_align_switch) BEGIN
  UPDATE planner_wake SET tasks_digest = NULL WHERE customer_id IN (OLD.customer_id, NEW.customer_id) AND tasks_digest IS NOT NULL;
END;
CREATE TRIGGER planner_wake_tasks_delete AFTER DELETE ON tasks WHEN EXISTS (SELECT 1 FROM planner_wake) AND NOT EXISTS (SELECT 1 FROM sync_align_switch) BEGIN
  UPDATE planner_wake SET tasks_digest = NULL WHERE customer_id = OLD.customer_id AND tasks_digest IS NOT NULL;
END;

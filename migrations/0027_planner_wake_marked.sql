-- The customers a write marked due (wake day '', migration 0004's triggers) and no run planned since:
-- after each sync round the desk plans them (sync/service.ts), so a pulled move or delete, an undone
-- rejection or a resync sweep is planned that round, not the next day. Few rows at a time.
CREATE INDEX planner_wake_marked ON planner_wake(customer_id) WHERE wake_on = '';

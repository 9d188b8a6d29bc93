-- Risk radar (electron/core/repos/radar.ts): whether a red customer's win-back plan has started
-- (a win-back task done, or a home visit logged, since their last purchase) from two small partial
-- indexes instead of each customer's tasks and follow-ups.
CREATE INDEX tasks_winback_done ON tasks(customer_id, completed_at) WHERE rule = 'winback_plan' AND status = 'done';
CREATE INDEX interactions_home_visit ON interactions(customer_id, occurred_at) WHERE channel = 'home_visit';

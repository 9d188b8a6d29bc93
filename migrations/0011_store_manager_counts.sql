-- Store manager's team table and tier distribution (electron/core/repos/team.ts, tier-movement.ts)
-- from small indexes instead of scanning tasks, cards and customers.
-- Tasks done in a period, by who did them.
CREATE INDEX tasks_done_at ON tasks(completed_at, completed_by) WHERE status = 'done';
-- Cards written in a period, by advisor.
CREATE INDEX cards_written_at ON card_reminders(written_at, advisor_id, status) WHERE written_at IS NOT NULL;
-- Live customers per tier (distribution; gold and diamond customers without an advisor). deleted_at is a
-- key column so the planner counts the partial index as covering (as in 0003).
CREATE INDEX customers_live_tier ON customers(tier, advisor_id, deleted_at) WHERE deleted_at IS NULL;

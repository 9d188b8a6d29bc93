-- The planner now opens a card it lapsed again when it is wanted again, and pushes that to HQ for a card
-- HQ holds (planner.align). Desks before this pruned lapsed cards from sync_held, so they no longer know
-- which ones HQ holds: hold every lapsed card of a day still to come. For one HQ does not hold, a later
-- reopening is one op HQ skips (it never inserts a planned row); the daily run prunes the rest.
INSERT OR IGNORE INTO sync_held (tbl, pk)
  SELECT 'card_reminders', id FROM card_reminders
   WHERE status = 'skipped' AND skip_reason = 'lapsed' AND occasion_date >= date('now', '-1 day');

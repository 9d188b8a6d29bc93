-- One card per occasion a year (planner/apply.ts cardGiven): a card a person wrote, mailed, handed
-- over or skipped stands for its occasion when the date is corrected later, and the planner lapses a
-- card asked for the corrected day. So such a status, made here or pulled from another desk, marks
-- the customer due (planned after the sync round), as the other inputs' triggers do; their kept
-- facts stay (cards are not among them). Idle while no one is planned (a store's bulk load sets it aside). Before, a written card pulled after the correction left
-- the second card open until the customer's next wake day.
CREATE TRIGGER planner_wake_cards_given_insert AFTER INSERT ON card_reminders
WHEN EXISTS (SELECT 1 FROM planner_wake) AND (NEW.status IN ('written', 'mailed', 'handed_over') OR (NEW.status = 'skipped' AND NEW.skip_reason IS NOT 'lapsed')) BEGIN
  UPDATE planner_wake SET wake_on = '' WHERE customer_id = NEW.customer_id AND wake_on <> '';
END;
CREATE TRIGGER planner_wake_cards_given_update AFTER UPDATE OF status, skip_reason ON card_reminders
WHEN EXISTS (SELECT 1 FROM planner_wake) AND (NEW.status IN ('written', 'mailed', 'handed_over') OR (NEW.status = 'skipped' AND NEW.skip_reason IS NOT 'lapsed')) BEGIN
  UPDATE planner_wake SET wake_on = '' WHERE customer_id = NEW.customer_id AND wake_on <> '';
END;

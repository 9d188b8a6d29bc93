-- Today and My customers: per customer, the FACTS the risk radar and the roster need, so an
-- advisor's 12k customers are read in milliseconds instead of scanning their visits.
-- Facts count rows dated on or before refreshed_on (rows dated later are ignored by every rule).
-- complaints: JSON [[opened_on, resolved_on|null], ...] of the complaints that can still count.
-- flag, reasons (JSON RiskReason[]) and risk_rank (higher = more urgent within a flag) are the
-- pure radar's answer for refreshed_on; every read first refreshes whoever changed, and everyone
-- when the day changed, so they are always today's answer (electron/core/status/refresh.ts).
-- Rows are clustered by advisor (advisor_id '' = unassigned), so one advisor's list is one range.
CREATE TABLE customer_status (
  advisor_id         TEXT NOT NULL,
  customer_id        TEXT NOT NULL,
  name               TEXT NOT NULL,
  plate              TEXT,
  tier               TEXT NOT NULL,
  last_visit_on      TEXT,
  last_purchase_on   TEXT,
  first_delivery_on  TEXT,
  survey_score       INTEGER,
  surveyed_on        TEXT,
  complaints         TEXT,
  flag               TEXT NOT NULL CHECK (flag IN ('red', 'yellow', 'green')),
  reasons            TEXT NOT NULL,
  risk_rank          INTEGER NOT NULL,
  refreshed_on       TEXT NOT NULL,
  PRIMARY KEY (advisor_id, customer_id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX customer_status_customer ON customer_status(customer_id);
CREATE INDEX customer_status_risk ON customer_status(advisor_id, flag, risk_rank);

-- Customers whose facts changed since their last refresh, whoever wrote the change; refreshed
-- before the next read. While customer_status is empty (a new store, the demo generator
-- filling it) the triggers do nothing: the first read refreshes everyone.
CREATE TABLE customer_status_dirty (
  customer_id  TEXT PRIMARY KEY
) WITHOUT ROWID;

CREATE TRIGGER customer_status_customers_insert AFTER INSERT ON customers WHEN EXISTS (SELECT 1 FROM customer_status) BEGIN
  INSERT OR IGNORE INTO customer_status_dirty (customer_id) VALUES (NEW.id);
END;
CREATE TRIGGER customer_status_customers_update AFTER UPDATE OF name, advisor_id, tier, deleted_at ON customers WHEN EXISTS (SELECT 1 FROM customer_status) BEGIN
  INSERT OR IGNORE INTO customer_status_dirty (customer_id) VALUES (NEW.id);
END;
CREATE TRIGGER customer_status_vehicles_insert AFTER INSERT ON vehicles WHEN EXISTS (SELECT 1 FROM customer_status) BEGIN
  INSERT OR IGNORE INTO customer_status_dirty (customer_id) VALUES (NEW.customer_id);
END;
CREATE TRIGGER customer_status_vehicles_update AFTER UPDATE OF customer_id, plate, delivery_date, deleted_at ON vehicles WHEN EXISTS (SELECT 1 FROM customer_status) BEGIN
  INSERT OR IGNORE INTO customer_status_dirty (customer_id) VALUES (OLD.customer_id);
  INSERT OR IGNORE INTO customer_status_dirty (customer_id) VALUES (NEW.customer_id);
END;
CREATE TRIGGER customer_status_visits_insert AFTER INSERT ON visits WHEN EXISTS (SELECT 1 FROM customer_status) BEGIN
  INSERT OR IGNORE INTO customer_status_dirty (customer_id) VALUES (NEW.customer_id);
END;
CREATE TRIGGER customer_status_visits_update AFTER UPDATE OF customer_id, visit_date, amount_fen, deleted_at ON visits WHEN EXISTS (SELECT 1 FROM customer_status) BEGIN
  INSERT OR IGNORE INTO customer_status_dirty (customer_id) VALUES (OLD.customer_id);
  INSERT OR IGNORE INTO customer_status_dirty (customer_id) VALUES (NEW.customer_id);
END;
CREATE TRIGGER customer_status_visits_delete AFTER DELETE ON visits WHEN EXISTS (SELECT 1 FROM customer_status) BEGIN
  INSERT OR IGNORE INTO customer_status_dirty (customer_id) VALUES (OLD.customer_id);
END;
CREATE TRIGGER customer_status_surveys_insert AFTER INSERT ON surveys WHEN EXISTS (SELECT 1 FROM customer_status) BEGIN
  INSERT OR IGNORE INTO customer_status_dirty (customer_id) VALUES (NEW.customer_id);
END;
CREATE TRIGGER customer_status_surveys_update AFTER UPDATE OF customer_id, surveyed_on, score, deleted_at ON surveys WHEN EXISTS (SELECT 1 FROM customer_status) BEGIN
  INSERT OR IGNORE INTO customer_status_dirty (customer_id) VALUES (OLD.customer_id);
  INSERT OR IGNORE INTO customer_status_dirty (customer_id) VALUES (NEW.customer_id);
END;
CREATE TRIGGER customer_status_surveys_delete AFTER DELETE ON surveys WHEN EXISTS (SELECT 1 FROM customer_status) BEGIN
  INSERT OR IGNORE INTO customer_status_dirty (customer_id) VALUES (OLD.customer_id);
END;
CREATE TRIGGER customer_status_complaints_insert AFTER INSERT ON complaints WHEN EXISTS (SELECT 1 FROM customer_status) BEGIN
  INSERT OR IGNORE INTO customer_status_dirty (customer_id) VALUES (NEW.customer_id);
END;
CREATE TRIGGER customer_status_complaints_update AFTER UPDATE OF customer_id, opened_on, resolved_on, deleted_at ON complaints WHEN EXISTS (SELECT 1 FROM customer_status) BEGIN
  INSERT OR IGNORE INTO customer_status_dirty (customer_id) VALUES (OLD.customer_id);
  INSERT OR IGNORE INTO customer_status_dirty (customer_id) VALUES (NEW.customer_id);
END;
CREATE TRIGGER customer_status_complaints_delete AFTER DELETE ON complaints WHEN EXISTS (SELECT 1 FROM customer_status) BEGIN
  INSERT OR IGNORE INTO customer_status_dirty (customer_id) VALUES (OLD.customer_id);
END;

-- Today reads an advisor's open tasks by due date without touching the rows (snoozed ones are
-- skipped from the index), and this week's birthdays and anniversaries by occasion date.
CREATE INDEX tasks_advisor_open_due ON tasks(advisor_id, due_date, snoozed_until, customer_id) WHERE status = 'open';
CREATE INDEX cards_advisor_occasion ON card_reminders(advisor_id, occasion_date);

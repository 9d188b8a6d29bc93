-- Store metrics as prefix sums (electron/core/repos/metric-aggregates.ts, shared/domain/rules/metric-events.ts).
-- Every dated metric total as of day D = the sum of metric_agg_days rows with day <= D. Each live
-- customer's rows as they were last added (metric_agg_facts) say what to take out when they change;
-- triggers list the customers whose visits, surveys, vehicles or liveness changed (metric_agg_dirty),
-- whoever writes them, once the aggregates exist (a desk that never built them pays nothing).
-- Replaces the per-day snapshots of 0009 (each one a store-wide pass).
DROP TRIGGER metric_snapshots_visits_insert;
DROP TRIGGER metric_snapshots_visits_update;
DROP TRIGGER metric_snapshots_visits_delete;
DROP TRIGGER metric_snapshots_surveys_insert;
DROP TRIGGER metric_snapshots_surveys_update;
DROP TRIGGER metric_snapshots_surveys_delete;
DROP TRIGGER metric_snapshots_vehicles_insert;
DROP TRIGGER metric_snapshots_vehicles_update;
DROP TRIGGER metric_snapshots_vehicles_delete;
DROP TRIGGER metric_snapshots_customers_insert;
DROP TRIGGER metric_snapshots_customers_update;
DROP TRIGGER metric_snapshots_customers_delete;
DROP TABLE metric_snapshots;

-- One row once a build started: the rules' windows it was built under, and how far it got
-- (the last customer id added; NULL when every customer is in).
CREATE TABLE metric_agg_state (
  id      INTEGER PRIMARY KEY CHECK (id = 1),
  rules   TEXT NOT NULL,
  cursor  TEXT
);
-- A live customer's rows as added, epoch days: [[visit days], [amounts in fen], [survey days], [scores], first delivery day | null].
CREATE TABLE metric_agg_facts (
  customer_id  TEXT PRIMARY KEY,
  facts        TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE metric_agg_dirty (
  customer_id  TEXT PRIMARY KEY
) WITHOUT ROWID;
-- The change of each dated total on an epoch day (columns in metric-events.ts DATED_TOTALS order).
CREATE TABLE metric_agg_days (
  day  INTEGER PRIMARY KEY,
  short_cohort INTEGER NOT NULL DEFAULT 0,
  short_retained INTEGER NOT NULL DEFAULT 0,
  medium_cohort INTEGER NOT NULL DEFAULT 0,
  medium_retained INTEGER NOT NULL DEFAULT 0,
  year_cohort INTEGER NOT NULL DEFAULT 0,
  year_retained INTEGER NOT NULL DEFAULT 0,
  trailing_visits INTEGER NOT NULL DEFAULT 0,
  spend_customers INTEGER NOT NULL DEFAULT 0,
  spend_of_them INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 0,
  silent INTEGER NOT NULL DEFAULT 0,
  churn_risk INTEGER NOT NULL DEFAULT 0,
  prev_buyers INTEGER NOT NULL DEFAULT 0,
  churned INTEGER NOT NULL DEFAULT 0,
  buyers INTEGER NOT NULL DEFAULT 0,
  repeat_buyers INTEGER NOT NULL DEFAULT 0,
  retained_spend_now INTEGER NOT NULL DEFAULT 0,
  retained_buys_now INTEGER NOT NULL DEFAULT 0,
  retained_spend_prev INTEGER NOT NULL DEFAULT 0,
  retained_buys_prev INTEGER NOT NULL DEFAULT 0,
  promoters INTEGER NOT NULL DEFAULT 0,
  detractors INTEGER NOT NULL DEFAULT 0,
  surveys INTEGER NOT NULL DEFAULT 0
);

CREATE TRIGGER metric_agg_visits_insert AFTER INSERT ON visits WHEN EXISTS (SELECT 1 FROM metric_agg_state) BEGIN
  INSERT INTO metric_agg_dirty (customer_id) SELECT NEW.customer_id WHERE NOT EXISTS (SELECT 1 FROM metric_agg_dirty WHERE customer_id = NEW.customer_id);
END;
CREATE TRIGGER metric_agg_visits_update AFTER UPDATE OF customer_id, visit_date, amount_fen, deleted_at ON visits WHEN EXISTS (SELECT 1 FROM metric_agg_state) BEGIN
  INSERT INTO metric_agg_dirty (customer_id) SELECT OLD.customer_id WHERE NOT EXISTS (SELECT 1 FROM metric_agg_dirty WHERE customer_id = OLD.customer_id);
  INSERT INTO metric_agg_dirty (customer_id) SELECT NEW.customer_id WHERE NOT EXISTS (SELECT 1 FROM metric_agg_dirty WHERE customer_id = NEW.customer_id);
END;
CREATE TRIGGER metric_agg_visits_delete AFTER DELETE ON visits WHEN EXISTS (SELECT 1 FROM metric_agg_state) BEGIN
  INSERT INTO metric_agg_dirty (customer_id) SELECT OLD.customer_id WHERE NOT EXISTS (SELECT 1 FROM metric_agg_dirty WHERE customer_id = OLD.customer_id);
END;
CREATE TRIGGER metric_agg_surveys_insert AFTER INSERT ON surveys WHEN EXISTS (SELECT 1 FROM metric_agg_state) BEGIN
  INSERT INTO metric_agg_dirty (customer_id) SELECT NEW.customer_id WHERE NOT EXISTS (SELECT 1 FROM metric_agg_dirty WHERE customer_id = NEW.customer_id);
END;
CREATE TRIGGER metric_agg_surveys_update AFTER UPDATE OF customer_id, surveyed_on, score, deleted_at ON surveys WHEN EXISTS (SELECT 1 FROM metric_agg_state) BEGIN
  INSERT INTO metric_agg_dirty (customer_id) SELECT OLD.customer_id WHERE NOT EXISTS (SELECT 1 FROM metric_agg_dirty WHERE customer_id = OLD.customer_id);
  INSERT INTO metric_agg_dirty (customer_id) SELECT NEW.customer_id WHERE NOT EXISTS (SELECT 1 FROM metric_agg_dirty WHERE customer_id = NEW.customer_id);
END;
CREATE TRIGGER metric_agg_surveys_delete AFTER DELETE ON surveys WHEN EXISTS (SELECT 1 FROM metric_agg_state) BEGIN
  INSERT INTO metric_agg_dirty (customer_id) SELECT OLD.customer_id WHERE NOT EXISTS (SELECT 1 FROM metric_agg_dirty WHERE customer_id = OLD.customer_id);
END;
CREATE TRIGGER metric_agg_vehicles_insert AFTER INSERT ON vehicles WHEN EXISTS (SELECT 1 FROM metric_agg_state) BEGIN
  INSERT INTO metric_agg_dirty (customer_id) SELECT NEW.customer_id WHERE NOT EXISTS (SELECT 1 FROM metric_agg_dirty WHERE customer_id = NEW.customer_id);
END;
CREATE TRIGGER metric_agg_vehicles_update AFTER UPDATE OF customer_id, delivery_date, deleted_at ON vehicles WHEN EXISTS (SELECT 1 FROM metric_agg_state) BEGIN
  INSERT INTO metric_agg_dirty (customer_id) SELECT OLD.customer_id WHERE NOT EXISTS (SELECT 1 FROM metric_agg_dirty WHERE customer_id = OLD.customer_id);
  INSERT INTO metric_agg_dirty (customer_id) SELECT NEW.customer_id WHERE NOT EXISTS (SELECT 1 FROM metric_agg_dirty WHERE customer_id = NEW.customer_id);
END;
CREATE TRIGGER metric_agg_vehicles_delete AFTER DELETE ON vehicles WHEN EXISTS (SELECT 1 FROM metric_agg_state) BEGIN
  INSERT INTO metric_agg_dirty (customer_id) SELECT OLD.customer_id WHERE NOT EXISTS (SELECT 1 FROM metric_agg_dirty WHERE customer_id = OLD.customer_id);
END;
CREATE TRIGGER metric_agg_customers_insert AFTER INSERT ON customers WHEN EXISTS (SELECT 1 FROM metric_agg_state) BEGIN
  INSERT INTO metric_agg_dirty (customer_id) SELECT NEW.id WHERE NOT EXISTS (SELECT 1 FROM metric_agg_dirty WHERE customer_id = NEW.id);
END;
CREATE TRIGGER metric_agg_customers_update AFTER UPDATE OF deleted_at ON customers WHEN EXISTS (SELECT 1 FROM metric_agg_state) BEGIN
  INSERT INTO metric_agg_dirty (customer_id) SELECT NEW.id WHERE NOT EXISTS (SELECT 1 FROM metric_agg_dirty WHERE customer_id = NEW.id);
END;
CREATE TRIGGER metric_agg_customers_delete AFTER DELETE ON customers WHEN EXISTS (SELECT 1 FROM metric_agg_state) BEGIN
  INSERT INTO metric_agg_dirty (customer_id) SELECT OLD.id WHERE NOT EXISTS (SELECT 1 FROM metric_agg_dirty WHERE customer_id = OLD.id);
END;

-- Store manager (issue 6): customer reassignment history, offers and campaigns, tier movement,
-- and a cache of the dashboard's month-end metrics.

-- Every change of a customer's advisor by a manager, with the reason (append-only; synced; shown
-- in the customer's history). to_advisor_id is who the customer was given to.
CREATE TABLE customer_assignments (
  id               TEXT PRIMARY KEY,
  store_id         TEXT NOT NULL REFERENCES stores(id),
  customer_id      TEXT NOT NULL REFERENCES customers(id),
  from_advisor_id  TEXT REFERENCES staff(id),
  to_advisor_id    TEXT NOT NULL REFERENCES staff(id),
  reason           TEXT NOT NULL,
  by_staff_id      TEXT REFERENCES staff(id),
  at               TEXT NOT NULL
);
CREATE INDEX customer_assignments_customer ON customer_assignments(customer_id, at);

-- Offers and campaigns a manager creates (synced, editable). tiers: JSON array of tier keys for
-- audience 'tiers'. loyal_warning_acknowledged: a new-customers-only campaign was saved after
-- the manager saw DOMAIN.md pitfall 1's warning.
CREATE TABLE campaigns (
  id                          TEXT PRIMARY KEY,
  store_id                    TEXT NOT NULL REFERENCES stores(id),
  kind                        TEXT NOT NULL CHECK (kind IN ('offer', 'campaign')),
  name                        TEXT NOT NULL,
  benefit                     TEXT NOT NULL,
  audience                    TEXT NOT NULL CHECK (audience IN ('everyone', 'new_customers', 'existing_customers', 'tiers')),
  tiers                       TEXT NOT NULL DEFAULT '[]',
  starts_on                   TEXT NOT NULL,
  ends_on                     TEXT NOT NULL,
  loyal_warning_acknowledged  INTEGER NOT NULL DEFAULT 0 CHECK (loyal_warning_acknowledged IN (0, 1)),
  created_by                  TEXT REFERENCES staff(id),
  created_at                  TEXT NOT NULL,
  updated_at                  TEXT NOT NULL,
  deleted_at                  TEXT
);
CREATE INDEX campaigns_store ON campaigns(store_id, starts_on);

-- Tier movement (dashboard: upgrades and downgrades per month), recorded by this desk whoever
-- changed the tier (the planner, a pull from HQ). Local, not synced: derived from customers.
-- A customer that arrives already above normal (demo store, initial sync) counts as reaching its
-- tier on tier_since (from_tier NULL = from normal).
CREATE TABLE tier_changes (
  seq          INTEGER PRIMARY KEY,
  customer_id  TEXT NOT NULL,
  from_tier    TEXT,
  to_tier      TEXT NOT NULL,
  changed_on   TEXT NOT NULL
);
CREATE INDEX tier_changes_day ON tier_changes(changed_on, from_tier, to_tier);
CREATE TRIGGER tier_changes_customers_insert AFTER INSERT ON customers WHEN NEW.tier <> 'normal' AND NEW.tier_since IS NOT NULL BEGIN
  INSERT INTO tier_changes (customer_id, from_tier, to_tier, changed_on) VALUES (NEW.id, NULL, NEW.tier, NEW.tier_since);
END;
CREATE TRIGGER tier_changes_customers_update AFTER UPDATE OF tier ON customers WHEN OLD.tier IS NOT NEW.tier BEGIN
  INSERT INTO tier_changes (customer_id, from_tier, to_tier, changed_on) VALUES (NEW.id, OLD.tier, NEW.tier, coalesce(NEW.tier_since, substr(NEW.updated_at, 1, 10)));
END;
INSERT INTO tier_changes (customer_id, from_tier, to_tier, changed_on)
  SELECT id, NULL, tier, tier_since FROM customers WHERE tier <> 'normal' AND tier_since IS NOT NULL AND deleted_at IS NULL;

-- The store metrics as of a day (electron/core/repos/metric-trend.ts): the dashboard's 12 month
-- ends and today, each computed once. totals = MetricTotals JSON; rules = the rules they were
-- computed under. Metrics as of day D read only rows dated on or before D, so a row dated X drops
-- the snapshots from X on; a customer added, deleted or re-referred drops them all (it changes
-- "all customers"). The triggers do nothing while the cache is empty (bulk loads stay fast).
CREATE TABLE metric_snapshots (
  as_of   TEXT PRIMARY KEY,
  rules   TEXT NOT NULL,
  totals  TEXT NOT NULL
) WITHOUT ROWID;
CREATE TRIGGER metric_snapshots_visits_insert AFTER INSERT ON visits WHEN EXISTS (SELECT 1 FROM metric_snapshots) BEGIN
  DELETE FROM metric_snapshots WHERE as_of >= NEW.visit_date;
END;
CREATE TRIGGER metric_snapshots_visits_update AFTER UPDATE OF customer_id, visit_date, amount_fen, deleted_at ON visits WHEN EXISTS (SELECT 1 FROM metric_snapshots) BEGIN
  DELETE FROM metric_snapshots WHERE as_of >= min(OLD.visit_date, NEW.visit_date);
END;
CREATE TRIGGER metric_snapshots_visits_delete AFTER DELETE ON visits WHEN EXISTS (SELECT 1 FROM metric_snapshots) BEGIN
  DELETE FROM metric_snapshots WHERE as_of >= OLD.visit_date;
END;
CREATE TRIGGER metric_snapshots_surveys_insert AFTER INSERT ON surveys WHEN EXISTS (SELECT 1 FROM metric_snapshots) BEGIN
  DELETE FROM metric_snapshots WHERE as_of >= NEW.surveyed_on;
END;
CREATE TRIGGER metric_snapshots_surveys_update AFTER UPDATE OF customer_id, surveyed_on, score, deleted_at ON surveys WHEN EXISTS (SELECT 1 FROM metric_snapshots) BEGIN
  DELETE FROM metric_snapshots WHERE as_of >= min(OLD.surveyed_on, NEW.surveyed_on);
END;
CREATE TRIGGER metric_snapshots_surveys_delete AFTER DELETE ON surveys WHEN EXISTS (SELECT 1 FROM metric_snapshots) BEGIN
  DELETE FROM metric_snapshots WHERE as_of >= OLD.surveyed_on;
END;
CREATE TRIGGER metric_snapshots_vehicles_insert AFTER INSERT ON vehicles WHEN EXISTS (SELECT 1 FROM metric_snapshots) BEGIN
  DELETE FROM metric_snapshots WHERE as_of >= NEW.delivery_date;
END;
CREATE TRIGGER metric_snapshots_vehicles_update AFTER UPDATE OF customer_id, delivery_date, deleted_at ON vehicles WHEN EXISTS (SELECT 1 FROM metric_snapshots) BEGIN
  DELETE FROM metric_snapshots WHERE as_of >= min(OLD.delivery_date, NEW.delivery_date);
END;
CREATE TRIGGER metric_snapshots_vehicles_delete AFTER DELETE ON vehicles WHEN EXISTS (SELECT 1 FROM metric_snapshots) BEGIN
  DELETE FROM metric_snapshots WHERE as_of >= OLD.delivery_date;
END;
CREATE TRIGGER metric_snapshots_customers_insert AFTER INSERT ON customers WHEN EXISTS (SELECT 1 FROM metric_snapshots) BEGIN
  DELETE FROM metric_snapshots;
END;
CREATE TRIGGER metric_snapshots_customers_update AFTER UPDATE OF referred_by_id, deleted_at ON customers WHEN EXISTS (SELECT 1 FROM metric_snapshots) BEGIN
  DELETE FROM metric_snapshots;
END;
CREATE TRIGGER metric_snapshots_customers_delete AFTER DELETE ON customers WHEN EXISTS (SELECT 1 FROM metric_snapshots) BEGIN
  DELETE FROM metric_snapshots;
END;

-- Sync capture (as migration 0008, written by the same rule) for the two synced tables above.
CREATE TRIGGER sync_capture_customer_assignments_insert AFTER INSERT ON customer_assignments WHEN EXISTS (SELECT 1 FROM sync_capture_switch) BEGIN
  INSERT INTO sync_capture (tbl, op, new) VALUES ('customer_assignments', 'insert', json_object('id', NEW.id, 'store_id', NEW.store_id, 'customer_id', NEW.customer_id, 'from_advisor_id', NEW.from_advisor_id, 'to_advisor_id', NEW.to_advisor_id, 'reason', NEW.reason, 'by_staff_id', NEW.by_staff_id, 'at', NEW.at));
END;
CREATE TRIGGER sync_capture_customer_assignments_update AFTER UPDATE ON customer_assignments WHEN EXISTS (SELECT 1 FROM sync_capture_switch) BEGIN
  INSERT INTO sync_capture (tbl, op, old, new) VALUES ('customer_assignments', 'update', json_object('id', OLD.id, 'store_id', OLD.store_id, 'customer_id', OLD.customer_id, 'from_advisor_id', OLD.from_advisor_id, 'to_advisor_id', OLD.to_advisor_id, 'reason', OLD.reason, 'by_staff_id', OLD.by_staff_id, 'at', OLD.at), json_object('id', NEW.id, 'store_id', NEW.store_id, 'customer_id', NEW.customer_id, 'from_advisor_id', NEW.from_advisor_id, 'to_advisor_id', NEW.to_advisor_id, 'reason', NEW.reason, 'by_staff_id', NEW.by_staff_id, 'at', NEW.at));
END;
CREATE TRIGGER sync_capture_customer_assignments_delete AFTER DELETE ON customer_assignments WHEN EXISTS (SELECT 1 FROM sync_capture_switch) BEGIN
  INSERT INTO sync_capture (tbl, op, old) VALUES ('customer_assignments', 'delete', json_object('id', OLD.id, 'store_id', OLD.store_id, 'customer_id', OLD.customer_id, 'from_advisor_id', OLD.from_advisor_id, 'to_advisor_id', OLD.to_advisor_id, 'reason', OLD.reason, 'by_staff_id', OLD.by_staff_id, 'at', OLD.at));
END;
CREATE TRIGGER sync_capture_campaigns_insert AFTER INSERT ON campaigns WHEN EXISTS (SELECT 1 FROM sync_capture_switch) BEGIN
  INSERT INTO sync_capture (tbl, op, new) VALUES ('campaigns', 'insert', json_object('id', NEW.id, 'store_id', NEW.store_id, 'kind', NEW.kind, 'name', NEW.name, 'benefit', NEW.benefit, 'audience', NEW.audience, 'tiers', NEW.tiers, 'starts_on', NEW.starts_on, 'ends_on', NEW.ends_on, 'loyal_warning_acknowledged', NEW.loyal_warning_acknowledged, 'created_by', NEW.created_by, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at));
END;
CREATE TRIGGER sync_capture_campaigns_update AFTER UPDATE ON campaigns WHEN EXISTS (SELECT 1 FROM sync_capture_switch) BEGIN
  INSERT INTO sync_capture (tbl, op, old, new) VALUES ('campaigns', 'update', json_object('id', OLD.id, 'store_id', OLD.store_id, 'kind', OLD.kind, 'name', OLD.name, 'benefit', OLD.benefit, 'audience', OLD.audience, 'tiers', OLD.tiers, 'starts_on', OLD.starts_on, 'ends_on', OLD.ends_on, 'loyal_warning_acknowledged', OLD.loyal_warning_acknowledged, 'created_by', OLD.created_by, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), json_object('id', NEW.id, 'store_id', NEW.store_id, 'kind', NEW.kind, 'name', NEW.name, 'benefit', NEW.benefit, 'audience', NEW.audience, 'tiers', NEW.tiers, 'starts_on', NEW.starts_on, 'ends_on', NEW.ends_on, 'loyal_warning_acknowledged', NEW.loyal_warning_acknowledged, 'created_by', NEW.created_by, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at));
END;
CREATE TRIGGER sync_capture_campaigns_delete AFTER DELETE ON campaigns WHEN EXISTS (SELECT 1 FROM sync_capture_switch) BEGIN
  INSERT INTO sync_capture (tbl, op, old) VALUES ('campaigns', 'delete', json_object('id', OLD.id, 'store_id', OLD.store_id, 'kind', OLD.kind, 'name', OLD.name, 'benefit', OLD.benefit, 'audience', OLD.audience, 'tiers', OLD.tiers, 'starts_on', OLD.starts_on, 'ends_on', OLD.ends_on, 'loyal_warning_acknowledged', OLD.loyal_warning_acknowledged, 'created_by', OLD.created_by, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at));
END;

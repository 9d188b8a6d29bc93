-- Planner bookkeeping: the day each customer must be planned again. A daily run plans only
-- the customers due (planner/wake.ts computes the day the rules' answer can next change);
-- the triggers below mark a customer due ('' sorts before every date) as soon as anything
-- the planner reads about them changes, whoever writes it. While the table is empty (a store
-- never planned, e.g. while the demo generator fills it) they do nothing: the next run plans
-- every customer anyway.
CREATE TABLE planner_wake (
  customer_id  TEXT PRIMARY KEY,
  wake_on      TEXT NOT NULL
) WITHOUT ROWID;

CREATE TRIGGER planner_wake_customers_insert AFTER INSERT ON customers WHEN EXISTS (SELECT 1 FROM planner_wake) BEGIN
  INSERT OR REPLACE INTO planner_wake (customer_id, wake_on) VALUES (NEW.id, '');
END;
CREATE TRIGGER planner_wake_customers_update AFTER UPDATE OF store_id, advisor_id, member_since, tier, do_not_contact, birthday_calendar, birth_date, birthday_lunar_month, birthday_lunar_day, birthday_lunar_leap, wedding_date, deleted_at ON customers WHEN EXISTS (SELECT 1 FROM planner_wake) BEGIN
  INSERT OR REPLACE INTO planner_wake (customer_id, wake_on) VALUES (OLD.id, '');
  INSERT OR REPLACE INTO planner_wake (customer_id, wake_on) VALUES (NEW.id, '');
END;
CREATE TRIGGER planner_wake_customers_delete AFTER DELETE ON customers WHEN EXISTS (SELECT 1 FROM planner_wake) BEGIN
  INSERT OR REPLACE INTO planner_wake (customer_id, wake_on) VALUES (OLD.id, '');
END;
CREATE TRIGGER planner_wake_vehicles_insert AFTER INSERT ON vehicles WHEN EXISTS (SELECT 1 FROM planner_wake) BEGIN
  INSERT OR REPLACE INTO planner_wake (customer_id, wake_on) VALUES (NEW.customer_id, '');
END;
CREATE TRIGGER planner_wake_vehicles_update AFTER UPDATE OF id, customer_id, delivery_date, deleted_at ON vehicles WHEN EXISTS (SELECT 1 FROM planner_wake) BEGIN
  INSERT OR REPLACE INTO planner_wake (customer_id, wake_on) VALUES (OLD.customer_id, '');
  INSERT OR REPLACE INTO planner_wake (customer_id, wake_on) VALUES (NEW.customer_id, '');
END;
CREATE TRIGGER planner_wake_vehicles_delete AFTER DELETE ON vehicles WHEN EXISTS (SELECT 1 FROM planner_wake) BEGIN
  INSERT OR REPLACE INTO planner_wake (customer_id, wake_on) VALUES (OLD.customer_id, '');
END;
CREATE TRIGGER planner_wake_visits_insert AFTER INSERT ON visits WHEN EXISTS (SELECT 1 FROM planner_wake) BEGIN
  INSERT OR REPLACE INTO planner_wake (customer_id, wake_on) VALUES (NEW.customer_id, '');
END;
CREATE TRIGGER planner_wake_visits_update AFTER UPDATE OF id, customer_id, vehicle_id, visit_date, amount_fen, mileage_km, deleted_at ON visits WHEN EXISTS (SELECT 1 FROM planner_wake) BEGIN
  INSERT OR REPLACE INTO planner_wake (customer_id, wake_on) VALUES (OLD.customer_id, '');
  INSERT OR REPLACE INTO planner_wake (customer_id, wake_on) VALUES (NEW.customer_id, '');
END;
CREATE TRIGGER planner_wake_visits_delete AFTER DELETE ON visits WHEN EXISTS (SELECT 1 FROM planner_wake) BEGIN
  INSERT OR REPLACE INTO planner_wake (customer_id, wake_on) VALUES (OLD.customer_id, '');
END;
CREATE TRIGGER planner_wake_surveys_insert AFTER INSERT ON surveys WHEN EXISTS (SELECT 1 FROM planner_wake) BEGIN
  INSERT OR REPLACE INTO planner_wake (customer_id, wake_on) VALUES (NEW.customer_id, '');
END;
CREATE TRIGGER planner_wake_surveys_update AFTER UPDATE OF customer_id, surveyed_on, score, deleted_at ON surveys WHEN EXISTS (SELECT 1 FROM planner_wake) BEGIN
  INSERT OR REPLACE INTO planner_wake (customer_id, wake_on) VALUES (OLD.customer_id, '');
  INSERT OR REPLACE INTO planner_wake (customer_id, wake_on) VALUES (NEW.customer_id, '');
END;
CREATE TRIGGER planner_wake_surveys_delete AFTER DELETE ON surveys WHEN EXISTS (SELECT 1 FROM planner_wake) BEGIN
  INSERT OR REPLACE INTO planner_wake (customer_id, wake_on) VALUES (OLD.customer_id, '');
END;
CREATE TRIGGER planner_wake_referrals_insert AFTER INSERT ON referrals WHEN EXISTS (SELECT 1 FROM planner_wake) BEGIN
  INSERT OR REPLACE INTO planner_wake (customer_id, wake_on) VALUES (NEW.referrer_customer_id, '');
END;
CREATE TRIGGER planner_wake_referrals_update AFTER UPDATE OF referrer_customer_id, status, deleted_at ON referrals WHEN EXISTS (SELECT 1 FROM planner_wake) BEGIN
  INSERT OR REPLACE INTO planner_wake (customer_id, wake_on) VALUES (OLD.referrer_customer_id, '');
  INSERT OR REPLACE INTO planner_wake (customer_id, wake_on) VALUES (NEW.referrer_customer_id, '');
END;
CREATE TRIGGER planner_wake_referrals_delete AFTER DELETE ON referrals WHEN EXISTS (SELECT 1 FROM planner_wake) BEGIN
  INSERT OR REPLACE INTO planner_wake (customer_id, wake_on) VALUES (OLD.referrer_customer_id, '');
END;
CREATE TRIGGER planner_wake_family_members_insert AFTER INSERT ON family_members WHEN EXISTS (SELECT 1 FROM planner_wake) BEGIN
  INSERT OR REPLACE INTO planner_wake (customer_id, wake_on) VALUES (NEW.customer_id, '');
END;
CREATE TRIGGER planner_wake_family_members_update AFTER UPDATE OF id, customer_id, relation, name, birthday_calendar, birth_date, birthday_lunar_month, birthday_lunar_day, birthday_lunar_leap, deleted_at ON family_members WHEN EXISTS (SELECT 1 FROM planner_wake) BEGIN
  INSERT OR REPLACE INTO planner_wake (customer_id, wake_on) VALUES (OLD.customer_id, '');
  INSERT OR REPLACE INTO planner_wake (customer_id, wake_on) VALUES (NEW.customer_id, '');
END;
CREATE TRIGGER planner_wake_family_members_delete AFTER DELETE ON family_members WHEN EXISTS (SELECT 1 FROM planner_wake) BEGIN
  INSERT OR REPLACE INTO planner_wake (customer_id, wake_on) VALUES (OLD.customer_id, '');
END;

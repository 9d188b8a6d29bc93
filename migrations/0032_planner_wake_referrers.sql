-- A referrer's top-referrer surprise counts from the day their latest referral succeeded: the
-- referred friend's first delivery when it came after the referral (planner-inputs-window.ts
-- REFERRALS_SUCCEEDED). So a change to the friend's cars, or to which customer a referral names or
-- its day, marks the REFERRER due too (and drops their kept facts, which held the old day). Before,
-- only the car's owner was marked, and a delivery imported or corrected later reached the referrer
-- only when their facts ran out (up to 60 days), past the surprise's grace days.
CREATE INDEX referrals_referred ON referrals(referred_customer_id);

DROP TRIGGER planner_wake_referrals_update;
CREATE TRIGGER planner_wake_referrals_update AFTER UPDATE OF referrer_customer_id, referred_customer_id, referred_on, status, deleted_at ON referrals WHEN EXISTS (SELECT 1 FROM planner_wake) BEGIN
  INSERT OR REPLACE INTO planner_wake (customer_id, wake_on) VALUES (OLD.referrer_customer_id, '');
  INSERT OR REPLACE INTO planner_wake (customer_id, wake_on) VALUES (NEW.referrer_customer_id, '');
END;

DROP TRIGGER planner_wake_vehicles_insert;
CREATE TRIGGER planner_wake_vehicles_insert AFTER INSERT ON vehicles WHEN EXISTS (SELECT 1 FROM planner_wake) BEGIN
  INSERT OR REPLACE INTO planner_wake (customer_id, wake_on) VALUES (NEW.customer_id, '');
  INSERT OR REPLACE INTO planner_wake (customer_id, wake_on)
    SELECT r.referrer_customer_id, '' FROM referrals r WHERE r.referred_customer_id = NEW.customer_id;
END;
DROP TRIGGER planner_wake_vehicles_update;
CREATE TRIGGER planner_wake_vehicles_update AFTER UPDATE OF id, customer_id, delivery_date, first_delivery_date, deleted_at ON vehicles WHEN EXISTS (SELECT 1 FROM planner_wake) BEGIN
  INSERT OR REPLACE INTO planner_wake (customer_id, wake_on) VALUES (OLD.customer_id, '');
  INSERT OR REPLACE INTO planner_wake (customer_id, wake_on) VALUES (NEW.customer_id, '');
  INSERT OR REPLACE INTO planner_wake (customer_id, wake_on)
    SELECT r.referrer_customer_id, '' FROM referrals r WHERE r.referred_customer_id = OLD.customer_id;
  INSERT OR REPLACE INTO planner_wake (customer_id, wake_on)
    SELECT r.referrer_customer_id, '' FROM referrals r WHERE r.referred_customer_id = NEW.customer_id;
END;
DROP TRIGGER planner_wake_vehicles_delete;
CREATE TRIGGER planner_wake_vehicles_delete AFTER DELETE ON vehicles WHEN EXISTS (SELECT 1 FROM planner_wake) BEGIN
  INSERT OR REPLACE INTO planner_wake (customer_id, wake_on) VALUES (OLD.customer_id, '');
  INSERT OR REPLACE INTO planner_wake (customer_id, wake_on)
    SELECT r.referrer_customer_id, '' FROM referrals r WHERE r.referred_customer_id = OLD.customer_id;
END;

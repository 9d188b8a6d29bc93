-- HQ keeps the delivery date a car was first imported with when a later import corrects it (hq/ingest):
-- the new-owner touchpoints (D3/D7/D15/D30) keep that date as their occurrence, so a corrected date
-- re-dates an open touchpoint instead of starting the steps again beside the ones already done
-- (lifecycle.ts newOwner). NULL: never corrected, or imported by an HQ before this column.
ALTER TABLE vehicles ADD COLUMN first_delivery_date TEXT;
-- A change to it alone plans the customer again too (migration 0004 listed the columns then).
DROP TRIGGER planner_wake_vehicles_update;
CREATE TRIGGER planner_wake_vehicles_update AFTER UPDATE OF id, customer_id, delivery_date, first_delivery_date, deleted_at ON vehicles WHEN EXISTS (SELECT 1 FROM planner_wake) BEGIN
  INSERT OR REPLACE INTO planner_wake (customer_id, wake_on) VALUES (OLD.customer_id, '');
  INSERT OR REPLACE INTO planner_wake (customer_id, wake_on) VALUES (NEW.customer_id, '');
END;
-- Capture every column (a later column must re-create the triggers; mutate.test.ts).
DROP TRIGGER sync_capture_vehicles_insert;
DROP TRIGGER sync_capture_vehicles_update;
DROP TRIGGER sync_capture_vehicles_delete;
CREATE TRIGGER sync_capture_vehicles_insert AFTER INSERT ON vehicles WHEN EXISTS (SELECT 1 FROM sync_capture_switch) BEGIN
  INSERT INTO sync_capture (tbl, op, new) VALUES ('vehicles', 'insert', json_object('id', NEW.id, 'store_id', NEW.store_id, 'customer_id', NEW.customer_id, 'plate', NEW.plate, 'vin', NEW.vin, 'brand', NEW.brand, 'model', NEW.model, 'color', NEW.color, 'is_new_energy', NEW.is_new_energy, 'delivery_date', NEW.delivery_date, 'purchase_amount_fen', NEW.purchase_amount_fen, 'mileage_km', NEW.mileage_km, 'mileage_recorded_on', NEW.mileage_recorded_on, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at, 'first_delivery_date', NEW.first_delivery_date));
END;
CREATE TRIGGER sync_capture_vehicles_update AFTER UPDATE ON vehicles WHEN EXISTS (SELECT 1 FROM sync_capture_switch) BEGIN
  INSERT INTO sync_capture (tbl, op, old, new) VALUES ('vehicles', 'update', json_object('id', OLD.id, 'store_id', OLD.store_id, 'customer_id', OLD.customer_id, 'plate', OLD.plate, 'vin', OLD.vin, 'brand', OLD.brand, 'model', OLD.model, 'color', OLD.color, 'is_new_energy', OLD.is_new_energy, 'delivery_date', OLD.delivery_date, 'purchase_amount_fen', OLD.purchase_amount_fen, 'mileage_km', OLD.mileage_km, 'mileage_recorded_on', OLD.mileage_recorded_on, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at, 'first_delivery_date', OLD.first_delivery_date), json_object('id', NEW.id, 'store_id', NEW.store_id, 'customer_id', NEW.customer_id, 'plate', NEW.plate, 'vin', NEW.vin, 'brand', NEW.brand, 'model', NEW.model, 'color', NEW.color, 'is_new_energy', NEW.is_new_energy, 'delivery_date', NEW.delivery_date, 'purchase_amount_fen', NEW.purchase_amount_fen, 'mileage_km', NEW.mileage_km, 'mileage_recorded_on', NEW.mileage_recorded_on, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at, 'first_delivery_date', NEW.first_delivery_date));
END;
CREATE TRIGGER sync_capture_vehicles_delete AFTER DELETE ON vehicles WHEN EXISTS (SELECT 1 FROM sync_capture_switch) BEGIN
  INSERT INTO sync_capture (tbl, op, old) VALUES ('vehicles', 'delete', json_object('id', OLD.id, 'store_id', OLD.store_id, 'customer_id', OLD.customer_id, 'plate', OLD.plate, 'vin', OLD.vin, 'brand', OLD.brand, 'model', OLD.model, 'color', OLD.color, 'is_new_energy', OLD.is_new_energy, 'delivery_date', OLD.delivery_date, 'purchase_amount_fen', OLD.purchase_amount_fen, 'mileage_km', OLD.mileage_km, 'mileage_recorded_on', OLD.mileage_recorded_on, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at, 'first_delivery_date', OLD.first_delivery_date));
END;

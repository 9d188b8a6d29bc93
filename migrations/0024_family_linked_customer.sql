-- Points go to family only (DOMAIN.md "transferred to family members"): a family member who is a customer
-- of the store too is linked to that customer record. points.transfer needs the link, either way round, or
-- writes it with the relation the advisor gives (electron/core/api/handlers/points.ts). NULL: not a customer.
ALTER TABLE family_members ADD COLUMN linked_customer_id TEXT REFERENCES customers(id);
CREATE INDEX family_linked ON family_members(linked_customer_id) WHERE linked_customer_id IS NOT NULL;
-- Capture every column (a later column must re-create the triggers; mutate.test.ts).
DROP TRIGGER sync_capture_family_members_insert;
DROP TRIGGER sync_capture_family_members_update;
DROP TRIGGER sync_capture_family_members_delete;
CREATE TRIGGER sync_capture_family_members_insert AFTER INSERT ON family_members WHEN EXISTS (SELECT 1 FROM sync_capture_switch) BEGIN
  INSERT INTO sync_capture (tbl, op, new) VALUES ('family_members', 'insert', json_object('id', NEW.id, 'store_id', NEW.store_id, 'customer_id', NEW.customer_id, 'relation', NEW.relation, 'name', NEW.name, 'birthday_calendar', NEW.birthday_calendar, 'birth_date', NEW.birth_date, 'birthday_lunar_month', NEW.birthday_lunar_month, 'birthday_lunar_day', NEW.birthday_lunar_day, 'birthday_lunar_leap', NEW.birthday_lunar_leap, 'note', NEW.note, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at, 'linked_customer_id', NEW.linked_customer_id));
END;
CREATE TRIGGER sync_capture_family_members_update AFTER UPDATE ON family_members WHEN EXISTS (SELECT 1 FROM sync_capture_switch) BEGIN
  INSERT INTO sync_capture (tbl, op, old, new) VALUES ('family_members', 'update', json_object('id', OLD.id, 'store_id', OLD.store_id, 'customer_id', OLD.customer_id, 'relation', OLD.relation, 'name', OLD.name, 'birthday_calendar', OLD.birthday_calendar, 'birth_date', OLD.birth_date, 'birthday_lunar_month', OLD.birthday_lunar_month, 'birthday_lunar_day', OLD.birthday_lunar_day, 'birthday_lunar_leap', OLD.birthday_lunar_leap, 'note', OLD.note, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at, 'linked_customer_id', OLD.linked_customer_id), json_object('id', NEW.id, 'store_id', NEW.store_id, 'customer_id', NEW.customer_id, 'relation', NEW.relation, 'name', NEW.name, 'birthday_calendar', NEW.birthday_calendar, 'birth_date', NEW.birth_date, 'birthday_lunar_month', NEW.birthday_lunar_month, 'birthday_lunar_day', NEW.birthday_lunar_day, 'birthday_lunar_leap', NEW.birthday_lunar_leap, 'note', NEW.note, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at, 'linked_customer_id', NEW.linked_customer_id));
END;
CREATE TRIGGER sync_capture_family_members_delete AFTER DELETE ON family_members WHEN EXISTS (SELECT 1 FROM sync_capture_switch) BEGIN
  INSERT INTO sync_capture (tbl, op, old) VALUES ('family_members', 'delete', json_object('id', OLD.id, 'store_id', OLD.store_id, 'customer_id', OLD.customer_id, 'relation', OLD.relation, 'name', OLD.name, 'birthday_calendar', OLD.birthday_calendar, 'birth_date', OLD.birth_date, 'birthday_lunar_month', OLD.birthday_lunar_month, 'birthday_lunar_day', OLD.birthday_lunar_day, 'birthday_lunar_leap', OLD.birthday_lunar_leap, 'note', OLD.note, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at, 'linked_customer_id', OLD.linked_customer_id));
END;

-- Schema v1: the whole local data model of a store's desk.
-- Conventions: ids are UUIDv7 text; money is integer fen; points are integers;
-- calendar dates are 'YYYY-MM-DD' in the store's time zone; instants are ISO-8601 UTC;
-- synced rows carry updated_at and a deleted_at tombstone instead of being deleted.

CREATE TABLE stores (
  id          TEXT PRIMARY KEY,
  code        TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  timezone    TEXT NOT NULL DEFAULT 'Asia/Shanghai',
  address     TEXT,
  phone       TEXT,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  deleted_at  TEXT
);

CREATE TABLE staff (
  id          TEXT PRIMARY KEY,
  store_id    TEXT NOT NULL REFERENCES stores(id),
  name        TEXT NOT NULL,
  role        TEXT NOT NULL CHECK (role IN ('advisor', 'manager')),
  phone       TEXT,
  active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  deleted_at  TEXT
);
CREATE INDEX staff_store ON staff(store_id, role);

CREATE TABLE customers (
  id                    TEXT PRIMARY KEY,
  store_id              TEXT NOT NULL REFERENCES stores(id),
  name                  TEXT NOT NULL,
  name_pinyin           TEXT NOT NULL DEFAULT '',
  name_initials         TEXT NOT NULL DEFAULT '',
  gender                TEXT CHECK (gender IN ('male', 'female')),
  phone                 TEXT NOT NULL,
  phone2                TEXT,
  -- Birthday: solar date, or a lunar month/day (leap flag) the customer keeps.
  birthday_calendar     TEXT CHECK (birthday_calendar IN ('solar', 'lunar')),
  birth_date            TEXT,
  birthday_lunar_month  INTEGER CHECK (birthday_lunar_month BETWEEN 1 AND 12),
  birthday_lunar_day    INTEGER CHECK (birthday_lunar_day BETWEEN 1 AND 30),
  birthday_lunar_leap   INTEGER NOT NULL DEFAULT 0 CHECK (birthday_lunar_leap IN (0, 1)),
  wedding_date          TEXT,
  address               TEXT,
  city                  TEXT,
  advisor_id            TEXT REFERENCES staff(id),
  member_since          TEXT,
  tier                  TEXT NOT NULL DEFAULT 'normal' CHECK (tier IN ('normal', 'silver', 'gold', 'diamond')),
  tier_since            TEXT,
  marketing_consent     INTEGER NOT NULL DEFAULT 0 CHECK (marketing_consent IN (0, 1)),
  consent_recorded_at   TEXT,
  do_not_contact        INTEGER NOT NULL DEFAULT 0 CHECK (do_not_contact IN (0, 1)),
  referred_by_id        TEXT REFERENCES customers(id),
  note                  TEXT,
  created_at            TEXT NOT NULL,
  updated_at            TEXT NOT NULL,
  deleted_at            TEXT
);
CREATE INDEX customers_store_advisor ON customers(store_id, advisor_id);
CREATE INDEX customers_phone ON customers(phone);

-- Per-channel opt-out; a missing row means the channel follows marketing_consent.
CREATE TABLE customer_channel_consents (
  customer_id  TEXT NOT NULL REFERENCES customers(id),
  channel      TEXT NOT NULL CHECK (channel IN ('call', 'sms', 'wechat', 'mail', 'visit')),
  allowed      INTEGER NOT NULL CHECK (allowed IN (0, 1)),
  recorded_by  TEXT REFERENCES staff(id),
  recorded_at  TEXT NOT NULL,
  PRIMARY KEY (customer_id, channel)
) WITHOUT ROWID;

CREATE TABLE family_members (
  id                    TEXT PRIMARY KEY,
  store_id              TEXT NOT NULL REFERENCES stores(id),
  customer_id           TEXT NOT NULL REFERENCES customers(id),
  relation              TEXT NOT NULL CHECK (relation IN ('spouse', 'child', 'parent', 'other')),
  name                  TEXT NOT NULL,
  birthday_calendar     TEXT CHECK (birthday_calendar IN ('solar', 'lunar')),
  birth_date            TEXT,
  birthday_lunar_month  INTEGER CHECK (birthday_lunar_month BETWEEN 1 AND 12),
  birthday_lunar_day    INTEGER CHECK (birthday_lunar_day BETWEEN 1 AND 30),
  birthday_lunar_leap   INTEGER NOT NULL DEFAULT 0 CHECK (birthday_lunar_leap IN (0, 1)),
  note                  TEXT,
  created_at            TEXT NOT NULL,
  updated_at            TEXT NOT NULL,
  deleted_at            TEXT
);
CREATE INDEX family_customer ON family_members(customer_id);

CREATE TABLE vehicles (
  id                   TEXT PRIMARY KEY,
  store_id             TEXT NOT NULL REFERENCES stores(id),
  customer_id          TEXT NOT NULL REFERENCES customers(id),
  plate                TEXT NOT NULL,
  vin                  TEXT NOT NULL,
  brand                TEXT NOT NULL,
  model                TEXT NOT NULL,
  color                TEXT,
  is_new_energy        INTEGER NOT NULL DEFAULT 0 CHECK (is_new_energy IN (0, 1)),
  delivery_date        TEXT NOT NULL,
  purchase_amount_fen  INTEGER CHECK (purchase_amount_fen >= 0),
  mileage_km           INTEGER CHECK (mileage_km >= 0),
  mileage_recorded_on  TEXT,
  created_at           TEXT NOT NULL,
  updated_at           TEXT NOT NULL,
  deleted_at           TEXT
);
CREATE INDEX vehicles_customer ON vehicles(customer_id);
CREATE UNIQUE INDEX vehicles_vin ON vehicles(store_id, vin) WHERE deleted_at IS NULL;

CREATE TABLE visits (
  id            TEXT PRIMARY KEY,
  store_id      TEXT NOT NULL REFERENCES stores(id),
  customer_id   TEXT NOT NULL REFERENCES customers(id),
  vehicle_id    TEXT REFERENCES vehicles(id),
  visit_date    TEXT NOT NULL,
  type          TEXT NOT NULL CHECK (type IN ('maintenance', 'repair', 'warranty', 'inspection', 'bodywork', 'accessory', 'free_check', 'event')),
  amount_fen    INTEGER NOT NULL DEFAULT 0 CHECK (amount_fen >= 0),
  mileage_km    INTEGER CHECK (mileage_km >= 0),
  advisor_id    TEXT REFERENCES staff(id),
  note          TEXT,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  deleted_at    TEXT
);
CREATE INDEX visits_customer_date ON visits(customer_id, visit_date);
CREATE INDEX visits_store_date ON visits(store_id, visit_date);

CREATE TABLE preferences (
  id                 TEXT PRIMARY KEY,
  store_id           TEXT NOT NULL REFERENCES stores(id),
  customer_id        TEXT NOT NULL REFERENCES customers(id),
  category           TEXT NOT NULL CHECK (category IN ('drink', 'contact_channel', 'contact_time', 'lounge', 'family', 'hobby', 'do_not_disturb', 'suggestion', 'other')),
  value              TEXT NOT NULL,
  suggestion_status  TEXT CHECK (suggestion_status IN ('open', 'adopted', 'declined')),
  noted_by           TEXT REFERENCES staff(id),
  noted_at           TEXT NOT NULL,
  updated_by         TEXT REFERENCES staff(id),
  updated_at         TEXT NOT NULL,
  deleted_at         TEXT
);
CREATE INDEX preferences_customer ON preferences(customer_id);

CREATE TABLE surveys (
  id           TEXT PRIMARY KEY,
  store_id     TEXT NOT NULL REFERENCES stores(id),
  customer_id  TEXT NOT NULL REFERENCES customers(id),
  visit_id     TEXT REFERENCES visits(id),
  surveyed_on  TEXT NOT NULL,
  score        INTEGER NOT NULL CHECK (score BETWEEN 0 AND 10),
  comment      TEXT,
  recorded_by  TEXT REFERENCES staff(id),
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  deleted_at   TEXT
);
CREATE INDEX surveys_customer ON surveys(customer_id, surveyed_on);

CREATE TABLE complaints (
  id           TEXT PRIMARY KEY,
  store_id     TEXT NOT NULL REFERENCES stores(id),
  customer_id  TEXT NOT NULL REFERENCES customers(id),
  opened_on    TEXT NOT NULL,
  resolved_on  TEXT,
  summary      TEXT NOT NULL,
  resolution   TEXT,
  recorded_by  TEXT REFERENCES staff(id),
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  deleted_at   TEXT
);
CREATE INDEX complaints_customer ON complaints(customer_id, opened_on);

-- Append-only: entries are never edited, only reversed by a new entry.
CREATE TABLE points_ledger (
  id                TEXT PRIMARY KEY,
  store_id          TEXT NOT NULL REFERENCES stores(id),
  customer_id       TEXT NOT NULL REFERENCES customers(id),
  entry_date        TEXT NOT NULL,
  kind              TEXT NOT NULL CHECK (kind IN ('earn_visit', 'referral', 'mileage', 'activity', 'redeem', 'transfer_in', 'transfer_out', 'reversal', 'adjustment')),
  points            INTEGER NOT NULL,
  visit_id          TEXT REFERENCES visits(id),
  counterparty_id   TEXT REFERENCES customers(id),
  reverses_id       TEXT REFERENCES points_ledger(id),
  note              TEXT,
  created_by        TEXT REFERENCES staff(id),
  created_at        TEXT NOT NULL
);
CREATE INDEX ledger_customer ON points_ledger(customer_id, entry_date);

CREATE TABLE referrals (
  id                     TEXT PRIMARY KEY,
  store_id               TEXT NOT NULL REFERENCES stores(id),
  referrer_customer_id   TEXT NOT NULL REFERENCES customers(id),
  referred_customer_id   TEXT REFERENCES customers(id),
  referred_name          TEXT,
  referred_on            TEXT NOT NULL,
  status                 TEXT NOT NULL CHECK (status IN ('pending', 'success', 'lost')),
  created_at             TEXT NOT NULL,
  updated_at             TEXT NOT NULL,
  deleted_at             TEXT
);
CREATE INDEX referrals_referrer ON referrals(referrer_customer_id);

-- Planner output. Ids are deterministic: hash(customer, rule, occurrence).
CREATE TABLE tasks (
  id             TEXT PRIMARY KEY,
  store_id       TEXT NOT NULL REFERENCES stores(id),
  customer_id    TEXT NOT NULL REFERENCES customers(id),
  advisor_id     TEXT REFERENCES staff(id),
  rule           TEXT NOT NULL,
  occurrence     TEXT NOT NULL,
  kind           TEXT NOT NULL CHECK (kind IN ('call', 'message', 'visit', 'invite', 'survey', 'gift', 'offer', 'surprise', 'thanks', 'other')),
  channel        TEXT CHECK (channel IN ('call', 'sms', 'wechat', 'mail', 'visit')),
  due_date       TEXT NOT NULL,
  status         TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'skipped', 'void')),
  reason         TEXT NOT NULL,
  outcome        TEXT,
  skip_reason    TEXT,
  snoozed_until  TEXT,
  completed_at   TEXT,
  completed_by   TEXT REFERENCES staff(id),
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  UNIQUE (customer_id, rule, occurrence)
);
CREATE INDEX tasks_advisor_due ON tasks(advisor_id, status, due_date);

CREATE TABLE card_reminders (
  id             TEXT PRIMARY KEY,
  store_id       TEXT NOT NULL REFERENCES stores(id),
  customer_id    TEXT NOT NULL REFERENCES customers(id),
  advisor_id     TEXT REFERENCES staff(id),
  occasion       TEXT NOT NULL CHECK (occasion IN ('birthday', 'purchase_anniversary', 'wedding_anniversary', 'child_birthday', 'membership_anniversary')),
  subject_id     TEXT,
  occasion_date  TEXT NOT NULL,
  lunar_label    TEXT,
  due_date       TEXT NOT NULL,
  status         TEXT NOT NULL DEFAULT 'to_write' CHECK (status IN ('to_write', 'written', 'mailed', 'handed_over', 'skipped')),
  skip_reason    TEXT,
  written_at     TEXT,
  sent_at        TEXT,
  updated_by     TEXT REFERENCES staff(id),
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  UNIQUE (customer_id, occasion, subject_id, occasion_date)
);
CREATE INDEX cards_advisor_due ON card_reminders(advisor_id, status, due_date);

-- Follow-up log: append-only.
CREATE TABLE interactions (
  id            TEXT PRIMARY KEY,
  store_id      TEXT NOT NULL REFERENCES stores(id),
  customer_id   TEXT NOT NULL REFERENCES customers(id),
  staff_id      TEXT REFERENCES staff(id),
  channel       TEXT NOT NULL CHECK (channel IN ('call', 'visit', 'wechat', 'sms', 'card', 'home_visit', 'mail')),
  outcome       TEXT NOT NULL,
  note          TEXT,
  next_step     TEXT,
  next_date     TEXT,
  task_id       TEXT REFERENCES tasks(id),
  occurred_at   TEXT NOT NULL,
  created_at    TEXT NOT NULL
);
CREATE INDEX interactions_customer ON interactions(customer_id, occurred_at);

-- Who viewed and changed what (PIPL).
CREATE TABLE audit_log (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  at         TEXT NOT NULL,
  staff_id   TEXT,
  action     TEXT NOT NULL,
  entity     TEXT NOT NULL,
  entity_id  TEXT,
  detail     TEXT
);
CREATE INDEX audit_entity ON audit_log(entity, entity_id);

-- Front-desk search keys: substring search as a prefix range over suffixes.
-- kind: 1 plate suffix, 2 phone suffix, 3 name suffix, 4 pinyin from a syllable, 5 initials from a syllable.
CREATE TABLE search_keys (
  kind         INTEGER NOT NULL,
  key          TEXT NOT NULL,
  customer_id  TEXT NOT NULL,
  PRIMARY KEY (kind, key, customer_id)
) WITHOUT ROWID;
CREATE INDEX search_keys_customer ON search_keys(customer_id);

-- Sync bookkeeping.
CREATE TABLE outbox (
  mutation_id  INTEGER PRIMARY KEY AUTOINCREMENT,
  name         TEXT NOT NULL,
  args         TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  pushed_at    TEXT,
  settled_at   TEXT,
  result       TEXT CHECK (result IN ('applied', 'rejected'))
);

CREATE TABLE sync_cursors (
  scope       TEXT PRIMARY KEY,
  cursor      TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);

CREATE TABLE sync_rejections (
  id           TEXT PRIMARY KEY,
  mutation_id  INTEGER NOT NULL,
  name         TEXT NOT NULL,
  args         TEXT NOT NULL,
  code         TEXT NOT NULL,
  message      TEXT NOT NULL,
  received_at  TEXT NOT NULL,
  resolved_at  TEXT
);

CREATE TABLE settings (
  key    TEXT PRIMARY KEY,
  value  TEXT NOT NULL
);

-- HQ schema v1. Every table carries store_id and leads its keys and indexes with it (scale
-- path: partition or distribute by store), except the two global lookups noted below.
-- Instants are ISO-8601 UTC text, like the desk.

-- A store; last_seq is the store's change sequence (SELECT ... FOR UPDATE serialises a store's
-- writes, so pulls by seq > cursor never miss a row). min_seq: the oldest cursor still served
-- (raised when tombstones are compacted; an older cursor gets cursor_expired -> full resync).
CREATE TABLE hq_stores (
  store_id    TEXT PRIMARY KEY,
  code        TEXT NOT NULL,
  name        TEXT NOT NULL,
  timezone    TEXT NOT NULL,
  last_seq    BIGINT NOT NULL DEFAULT 0,
  min_seq     BIGINT NOT NULL DEFAULT 0,
  created_at  TEXT NOT NULL
);
-- Global lookup (admin commands name a store by its code).
CREATE UNIQUE INDEX hq_stores_code ON hq_stores(code);

-- Every synced row of a store as HQ holds it now, in the desk's column names (data), with the
-- seq of its last change. deleted = tombstone (data kept for the pull).
CREATE TABLE sync_rows (
  store_id  TEXT NOT NULL,
  tbl       TEXT NOT NULL,
  pk        TEXT NOT NULL,
  data      JSONB NOT NULL,
  seq       BIGINT NOT NULL,
  deleted   BOOLEAN NOT NULL DEFAULT FALSE,
  PRIMARY KEY (store_id, tbl, pk)
);
CREATE UNIQUE INDEX sync_rows_seq ON sync_rows(store_id, seq);
-- Business checks and ingest matching.
CREATE INDEX sync_rows_ledger_customer ON sync_rows(store_id, (data->>'customer_id')) WHERE tbl = 'points_ledger';
CREATE INDEX sync_rows_customer_phone ON sync_rows(store_id, (data->>'phone')) WHERE tbl = 'customers';
CREATE INDEX sync_rows_vehicle_vin ON sync_rows(store_id, (data->>'vin')) WHERE tbl = 'vehicles';

-- Rows per table and store (pull totals without counting).
CREATE TABLE sync_totals (
  store_id  TEXT NOT NULL,
  tbl       TEXT NOT NULL,
  n         BIGINT NOT NULL,
  PRIMARY KEY (store_id, tbl)
);

-- Enrolled desks. The token is '<store_id>.<device_id>.<secret>'; HQ keeps sha256(secret).
CREATE TABLE devices (
  store_id          TEXT NOT NULL REFERENCES hq_stores(store_id),
  device_id         TEXT NOT NULL,
  name              TEXT NOT NULL,
  token_hash        TEXT NOT NULL,
  created_at        TEXT NOT NULL,
  revoked_at        TEXT,
  last_mutation_id  BIGINT NOT NULL DEFAULT 0,
  last_push_at      TEXT,
  last_pull_at      TEXT,
  PRIMARY KEY (store_id, device_id)
);

-- One-time enrolment codes. Global lookup by the code's hash (a desk knows only the code).
CREATE TABLE enrol_codes (
  code_hash   TEXT PRIMARY KEY,
  store_id    TEXT NOT NULL REFERENCES hq_stores(store_id),
  created_at  TEXT NOT NULL,
  expires_at  TEXT NOT NULL,
  used_at     TEXT,
  device_id   TEXT
);
CREATE INDEX enrol_codes_store ON enrol_codes(store_id, created_at);

-- The outcome of each pushed mutation, so a retried push gets the original answer and pull
-- can return rejections.
CREATE TABLE mutation_results (
  store_id     TEXT NOT NULL,
  device_id    TEXT NOT NULL,
  mutation_id  BIGINT NOT NULL,
  name         TEXT NOT NULL,
  status       TEXT NOT NULL CHECK (status IN ('applied', 'rejected')),
  code         TEXT,
  message      TEXT,
  details      JSONB,
  at           TEXT NOT NULL,
  PRIMARY KEY (store_id, device_id, mutation_id)
);
CREATE INDEX mutation_results_rejected ON mutation_results(store_id, device_id, mutation_id) WHERE status = 'rejected';

-- Security log: refused scope crossings, revoked tokens used, ... (who, what, when).
CREATE TABLE security_log (
  store_id   TEXT NOT NULL,
  id         BIGSERIAL,
  at         TEXT NOT NULL,
  device_id  TEXT,
  kind       TEXT NOT NULL,
  detail     JSONB NOT NULL,
  PRIMARY KEY (store_id, id)
);

-- The rules config HQ publishes (global scope); copied into every store's sync_rows as
-- table 'rules_config', pk 'global', so desks pull it with their store's changes.
CREATE TABLE rules_config (
  id          TEXT PRIMARY KEY CHECK (id = 'global'),
  config      JSONB NOT NULL,
  updated_at  TEXT NOT NULL
);

-- A message an HQ process is handing to the gateway (hq/messages/send.ts), claimed once before the call: a
-- second process whose lease came while the first still waited (on the gateway, on the store's lock to write
-- the outcome), or a list read before another process sent it, finds it claimed and leaves it. An attempt
-- the gateway answered "later" is given back; one with no outcome after an hour (its process stopped) may
-- be made again.
CREATE TABLE message_attempts (
  message_id TEXT PRIMARY KEY,
  store_id   TEXT NOT NULL REFERENCES hq_stores(store_id),
  holder     TEXT NOT NULL,
  at         TIMESTAMPTZ NOT NULL
);
CREATE INDEX message_attempts_store_at ON message_attempts(store_id, at);

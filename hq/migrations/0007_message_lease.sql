-- Which HQ process sends a store's automatic messages now (hq/messages/send.ts): two processes on one
-- database (a second `hq serve`, a restart overlapping the old one) would each send the queued ones.
-- A holder keeps it while it renews it before each message; one that died frees it when `until` passes.
CREATE TABLE message_send_leases (
  store_id TEXT PRIMARY KEY REFERENCES hq_stores(store_id),
  holder   TEXT NOT NULL,
  until    TIMESTAMPTZ NOT NULL
);

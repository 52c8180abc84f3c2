-- One entry per write through the API, written in the write's transaction: when, which API
-- client, what, for which customer and user, and the request id. No bodies, no secrets.
-- Listing without a customer walks back from the newest id: no second index to pay per write.
CREATE TABLE audit_log (
  -- The rowid: entries are never deleted, so it grows with each one, without AUTOINCREMENT's
  -- extra write per insert.
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  client TEXT NOT NULL,
  action TEXT NOT NULL,
  customer_id TEXT NOT NULL COLLATE NOCASE,
  user_id TEXT NOT NULL COLLATE NOCASE,
  appointment_id TEXT,
  feed_id TEXT,
  request_id TEXT NOT NULL
);

CREATE INDEX audit_log_by_customer_and_at ON audit_log (customer_id, at);

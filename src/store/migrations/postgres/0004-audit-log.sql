-- One entry per write through the API, written in the write's transaction: when, which API
-- client, what, for which customer and user, and the request id. No bodies, no secrets.
-- Listing without a customer walks back from the newest id: no second index to pay per write.
CREATE TABLE audit_log (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at TEXT NOT NULL,
  client TEXT NOT NULL,
  action TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  appointment_id TEXT,
  feed_id TEXT,
  request_id TEXT NOT NULL
);

CREATE INDEX audit_log_by_customer_and_at ON audit_log (lower(customer_id), at);

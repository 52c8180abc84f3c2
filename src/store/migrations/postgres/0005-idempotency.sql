-- Idempotency-Key claims (issue 10): one row per key, per customer and API client. Claimed
-- with INSERT … ON CONFLICT DO NOTHING before the write; status, headers and body are the
-- first answer, replayed to retries (NULL while that first request is still in flight).
-- Rows older than 24 hours are purged lazily, by created_at_ms.
CREATE TABLE idempotency_keys (
  customer_id TEXT NOT NULL,
  client_username TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  created_at_ms BIGINT NOT NULL,
  status INTEGER,
  headers TEXT,
  body TEXT,
  PRIMARY KEY (customer_id, client_username, idempotency_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at_ms);

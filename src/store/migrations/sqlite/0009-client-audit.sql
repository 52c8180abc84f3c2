-- Changes to API clients made with the admin command are audited too (issue 20): such an entry
-- names the client changed and, for a grant or revoke, the customer; it has no user and no HTTP
-- request. SQLite cannot drop NOT NULL in place, so the table is copied into a new one.
CREATE TABLE audit_log_0009 (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  client TEXT NOT NULL,
  action TEXT NOT NULL,
  customer_id TEXT COLLATE NOCASE,
  user_id TEXT COLLATE NOCASE,
  appointment_id TEXT,
  feed_id TEXT,
  request_id TEXT
);

INSERT INTO audit_log_0009 (id, at, client, action, customer_id, user_id, appointment_id, feed_id, request_id)
  SELECT id, at, client, action, customer_id, user_id, appointment_id, feed_id, request_id FROM audit_log;

DROP TABLE audit_log;

ALTER TABLE audit_log_0009 RENAME TO audit_log;

CREATE INDEX audit_log_by_customer_and_at ON audit_log (customer_id, at);

-- Webhooks (issue 17): endpoints per customer, one delivery row per event and endpoint,
-- and every attempt to send one.
--
-- An event is recorded in the transaction of the write that causes it, by a trigger on the
-- audit log: every write to an appointment through the API already writes its entry there
-- in its own transaction (the group commit's batch creates too), and the entry names the
-- action, so no write path can leave its event out. The audit log now also keeps which
-- occurrence a change or cancel was for, and a deletion keeps the version it removed.
ALTER TABLE audit_log ADD COLUMN occurrence_id TEXT;
-- Entries the webhook sender writes (an endpoint disabled): which endpoint, and why.
ALTER TABLE audit_log ADD COLUMN webhook_id TEXT;
ALTER TABLE audit_log ADD COLUMN detail TEXT;
ALTER TABLE appointment_deletions ADD COLUMN version INTEGER;

DROP TRIGGER appointments_number_delete;
CREATE TRIGGER appointments_number_delete AFTER DELETE ON appointments
BEGIN
  INSERT INTO change_counters (customer_key, user_key, seq) VALUES (lower(OLD.customer_id), lower(OLD.user_id), 1)
    ON CONFLICT (customer_key, user_key) DO UPDATE SET seq = seq + 1;
  INSERT INTO appointment_deletions (customer_key, user_key, seq, appointment_id, deleted_at, version)
    SELECT customer_key, user_key, seq, OLD.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), OLD.version FROM change_counters
      WHERE customer_key = lower(OLD.customer_id) AND user_key = lower(OLD.user_id);
END;

CREATE TABLE webhook_endpoints (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL COLLATE NOCASE REFERENCES customers (customer_id),
  url TEXT NOT NULL,
  -- JSON arrays; NULL: every event type, every user (ids as the users table spells them).
  events TEXT,
  user_ids TEXT,
  description TEXT,
  status TEXT NOT NULL,
  -- Why a disabled endpoint is: 'manual', 'failing' (its retries ran out) or 'gone' (410).
  -- Events keep being recorded for an endpoint disabled by failure, so it gets them once
  -- set active again (within the 30 days events are kept); never for the other two.
  disabled_reason TEXT,
  -- The signing secret as answered (whsec_…), and the one it replaced while both sign.
  secret TEXT NOT NULL,
  previous_secret TEXT,
  previous_secret_until_ms INTEGER,
  created_at TEXT NOT NULL
);
CREATE INDEX webhook_endpoints_by_customer ON webhook_endpoints (customer_id);

-- Which event type each audited appointment action is.
CREATE TABLE webhook_event_types (
  action TEXT PRIMARY KEY,
  type TEXT NOT NULL
);
INSERT INTO webhook_event_types (action, type) VALUES
  ('create', 'appointment.created'), ('replace', 'appointment.updated'), ('delete', 'appointment.deleted'),
  ('occurrence-change', 'occurrence.changed'), ('occurrence-cancel', 'occurrence.cancelled');

-- One row per event and endpoint. message_id is the webhook-id header, the same on every
-- attempt. state: 'pending' until 'delivered' or 'failed'. A sender claims a row by setting
-- claim_token and lease_until_ms; a claim whose lease ran out (its sender died) is taken over.
CREATE TABLE webhook_deliveries (
  id INTEGER PRIMARY KEY,
  message_id TEXT NOT NULL,
  endpoint_id TEXT NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
  type TEXT NOT NULL,
  at TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  user_id TEXT,
  appointment_id TEXT,
  occurrence_id TEXT,
  version INTEGER,
  change_seq INTEGER,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_ms INTEGER NOT NULL,
  claim_token TEXT,
  lease_until_ms INTEGER,
  created_ms INTEGER NOT NULL
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_ms) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (endpoint_id);
CREATE INDEX webhook_deliveries_by_created ON webhook_deliveries (created_ms);

CREATE TABLE webhook_attempts (
  id INTEGER PRIMARY KEY,
  delivery_id INTEGER NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
  endpoint_id TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  at TEXT NOT NULL,
  status INTEGER,
  error TEXT,
  duration_ms INTEGER NOT NULL,
  next_attempt_at TEXT
);
CREATE INDEX webhook_attempts_by_endpoint ON webhook_attempts (endpoint_id, id);
CREATE INDEX webhook_attempts_by_delivery ON webhook_attempts (delivery_id);

-- The event of an audited appointment write, for every endpoint of the customer whose
-- filters match: the version and change number the write produced (a delete: the version
-- it removed and its tombstone's number), ids spelled as the users table holds them.
CREATE TRIGGER audit_log_webhook_events AFTER INSERT ON audit_log
WHEN NEW.appointment_id IS NOT NULL
  AND NEW.action IN ('create', 'replace', 'delete', 'occurrence-change', 'occurrence-cancel')
BEGIN
  INSERT INTO webhook_deliveries (message_id, endpoint_id, type, at, customer_id, user_id, appointment_id,
      occurrence_id, version, change_seq, state, next_attempt_ms, created_ms)
    SELECT 'msg_' || lower(hex(randomblob(16))), e.id, k.type, NEW.at, u.customer_id, u.user_id, NEW.appointment_id,
        NEW.occurrence_id, w.version, w.seq, 'pending', CAST(unixepoch('subsec') * 1000 AS INTEGER),
        CAST(unixepoch('subsec') * 1000 AS INTEGER)
      FROM webhook_event_types k
        JOIN users u ON u.customer_id = NEW.customer_id AND u.user_id = NEW.user_id
        JOIN webhook_endpoints e ON e.customer_id = NEW.customer_id
        JOIN (SELECT version, change_seq AS seq FROM appointments WHERE id = NEW.appointment_id AND NEW.action <> 'delete'
          UNION ALL
          SELECT version, max(seq) FROM appointment_deletions
            WHERE NEW.action = 'delete' AND customer_key = lower(NEW.customer_id) AND user_key = lower(NEW.user_id)
              AND appointment_id = NEW.appointment_id
            HAVING count(*) > 0) w
      WHERE k.action = NEW.action
        AND (e.status = 'active' OR e.disabled_reason = 'failing')
        AND (e.events IS NULL OR EXISTS (SELECT 1 FROM json_each(e.events) WHERE value = k.type))
        AND (e.user_ids IS NULL OR EXISTS (SELECT 1 FROM json_each(e.user_ids) WHERE lower(value) = lower(NEW.user_id)));
END;

-- The change feed (GET /Changes/{customerId}/{id}, issue 11): every write to a user's
-- appointments takes the user's next change number, so a client can ask for what changed
-- after the last number it saw. Triggers assign the numbers, so every write path (the group
-- commit's batch inserts, replace, delete, the CLI, changes added later) is numbered in its
-- own transaction, with nothing for the code to forget.
--
-- One counter row per user. Not a column on `users`: PostgreSQL's users_changed trigger
-- tells every instance to drop its lookup caches on any UPDATE of users, and this counter
-- moves on every write. Keys are lower(customer_id), lower(user_id), as on PostgreSQL.
CREATE TABLE change_counters (
  customer_key TEXT NOT NULL,
  user_key TEXT NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (customer_key, user_key)
);

-- The number of the appointment's latest write. SQLite adds a NOT NULL column only with a
-- default; 0 never stays: the backfill below and the triggers set every row's number in
-- the transaction that writes it, so no reader sees a 0 (the feed reads change_seq > 0 anyway).
ALTER TABLE appointments ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;

-- What a delete leaves: the appointment's id under the delete's own number. Kept at least
-- 31 days (purged lazily by deleted_at, ISO UTC text as toISOString writes it); a feed token
-- is refused after 30 days, so a token still accepted never misses a purged deletion.
CREATE TABLE appointment_deletions (
  customer_key TEXT NOT NULL,
  user_key TEXT NOT NULL,
  seq INTEGER NOT NULL,
  appointment_id TEXT NOT NULL,
  deleted_at TEXT NOT NULL,
  PRIMARY KEY (customer_key, user_key, seq)
);
CREATE INDEX appointment_deletions_by_deleted_at ON appointment_deletions (deleted_at);

-- Existing appointments: numbered 1, 2, … per user in id order, the counters at the last.
UPDATE appointments SET change_seq = numbered.n
  FROM (SELECT id, row_number() OVER (PARTITION BY lower(customer_id), lower(user_id) ORDER BY id) AS n
    FROM appointments) AS numbered
  WHERE numbered.id = appointments.id;
INSERT INTO change_counters (customer_key, user_key, seq)
  SELECT lower(customer_id), lower(user_id), max(change_seq) FROM appointments GROUP BY lower(customer_id), lower(user_id);

-- The feed reads a user's appointments by number (customer_id and user_id are NOCASE).
CREATE INDEX appointments_by_user_and_change ON appointments (customer_id, user_id, change_seq);

-- Why a reader never skips a number: SQLite has one writer at a time, so a transaction takes
-- its numbers and commits before the next one takes any, and a reader's snapshot always
-- holds a prefix of each user's numbers. A rolled-back transaction takes its numbers back.
--
-- A new appointment: the user's next number.
CREATE TRIGGER appointments_number_insert AFTER INSERT ON appointments
BEGIN
  INSERT INTO change_counters (customer_key, user_key, seq) VALUES (lower(NEW.customer_id), lower(NEW.user_id), 1)
    ON CONFLICT (customer_key, user_key) DO UPDATE SET seq = seq + 1;
  UPDATE appointments SET change_seq = (SELECT seq FROM change_counters
      WHERE customer_key = lower(NEW.customer_id) AND user_key = lower(NEW.user_id))
    WHERE id = NEW.id;
END;

-- A changed appointment: every real write bumps version, so the trigger fires on those; its
-- own UPDATE sets only change_seq and does not fire it again.
CREATE TRIGGER appointments_number_update AFTER UPDATE OF version ON appointments
BEGIN
  INSERT INTO change_counters (customer_key, user_key, seq) VALUES (lower(NEW.customer_id), lower(NEW.user_id), 1)
    ON CONFLICT (customer_key, user_key) DO UPDATE SET seq = seq + 1;
  UPDATE appointments SET change_seq = (SELECT seq FROM change_counters
      WHERE customer_key = lower(NEW.customer_id) AND user_key = lower(NEW.user_id))
    WHERE id = NEW.id;
END;

-- A deleted appointment: a tombstone under the user's next number.
CREATE TRIGGER appointments_number_delete AFTER DELETE ON appointments
BEGIN
  INSERT INTO change_counters (customer_key, user_key, seq) VALUES (lower(OLD.customer_id), lower(OLD.user_id), 1)
    ON CONFLICT (customer_key, user_key) DO UPDATE SET seq = seq + 1;
  INSERT INTO appointment_deletions (customer_key, user_key, seq, appointment_id, deleted_at)
    SELECT customer_key, user_key, seq, OLD.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM change_counters
      WHERE customer_key = lower(OLD.customer_id) AND user_key = lower(OLD.user_id);
END;

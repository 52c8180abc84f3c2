-- The change feed (GET /Changes/{customerId}/{id}, issue 11): every write to a user's
-- appointments takes the user's next change number, so a client can ask for what changed
-- after the last number it saw. Triggers assign the numbers, so every write path (the group
-- commit's batch inserts, replace, delete, the CLI, changes added later) is numbered in its
-- own transaction, with nothing for the code to forget.
--
-- One counter row per user. Not a column on `users`: the users_changed trigger (0001) tells
-- every instance to drop its lookup caches on any UPDATE of users, and this counter moves on
-- every write. Keys are lower(customer_id), lower(user_id), as every query compares ids.
CREATE TABLE change_counters (
  customer_key TEXT NOT NULL,
  user_key TEXT NOT NULL,
  seq BIGINT NOT NULL,
  PRIMARY KEY (customer_key, user_key)
);

-- Why a reader never skips a number, though commit order is not sequence order here (a
-- transaction may take a number, and another a later one, and commit first): the upsert
-- below locks the user's counter row until the transaction that took the number commits or
-- aborts. The user's next transaction waits on that lock and reads the counter only after
-- the earlier one committed, so for each user, numbers are taken in commit order. A
-- reader's snapshot therefore holds every number up to the counter it sees (a prefix) and
-- none after; an aborted transaction rolls its number back and the next one reuses it.
CREATE FUNCTION next_change_seq(customer TEXT, owner TEXT) RETURNS BIGINT LANGUAGE sql AS $$
  INSERT INTO change_counters AS c (customer_key, user_key, seq) VALUES (lower($1), lower($2), 1)
    ON CONFLICT (customer_key, user_key) DO UPDATE SET seq = c.seq + 1
    RETURNING seq
$$;

ALTER TABLE appointments ADD COLUMN change_seq BIGINT;

-- Existing appointments: numbered 1, 2, … per user in id order, the counters at the last.
-- ALTER TABLE holds its lock until this migration commits, so no write slips in between.
UPDATE appointments SET change_seq = numbered.n
  FROM (SELECT id, row_number() OVER (PARTITION BY lower(customer_id), lower(user_id) ORDER BY id) AS n
    FROM appointments) AS numbered
  WHERE numbered.id = appointments.id;
ALTER TABLE appointments ALTER COLUMN change_seq SET NOT NULL;
INSERT INTO change_counters (customer_key, user_key, seq)
  SELECT lower(customer_id), lower(user_id), max(change_seq) FROM appointments GROUP BY lower(customer_id), lower(user_id);

-- The feed reads a user's appointments by number. Partial (every number is at least 1), so
-- only a query that states `change_seq > …` can use it: as a full index, its leading
-- lower(customer_id), lower(user_id) drew the planner away from the primary key for one
-- appointment by id and owner until the table had statistics (a scan of the user's rows
-- per GET one: four times slower in the bench).
CREATE INDEX appointments_by_user_and_change ON appointments (lower(customer_id), lower(user_id), change_seq)
  WHERE change_seq > 0;

-- What a delete leaves: the appointment's id under the delete's own number. Kept at least
-- 31 days (purged lazily by deleted_at); a feed token is refused after 30 days, so a token
-- still accepted never misses a purged deletion.
CREATE TABLE appointment_deletions (
  customer_key TEXT NOT NULL,
  user_key TEXT NOT NULL,
  seq BIGINT NOT NULL,
  appointment_id TEXT NOT NULL,
  deleted_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (customer_key, user_key, seq)
);
CREATE INDEX appointment_deletions_by_deleted_at ON appointment_deletions (deleted_at);

-- A new or changed appointment: the user's next number, set on the row being written.
CREATE FUNCTION number_appointment_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.change_seq := next_change_seq(NEW.customer_id, NEW.user_id);
  RETURN NEW;
END
$$;
CREATE TRIGGER appointments_numbered BEFORE INSERT OR UPDATE ON appointments
  FOR EACH ROW EXECUTE FUNCTION number_appointment_change();

-- A deleted appointment: a tombstone under the user's next number.
CREATE FUNCTION record_appointment_deletion() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO appointment_deletions (customer_key, user_key, seq, appointment_id, deleted_at)
    VALUES (lower(OLD.customer_id), lower(OLD.user_id), next_change_seq(OLD.customer_id, OLD.user_id), OLD.id, now());
  RETURN NULL;
END
$$;
CREATE TRIGGER appointments_deleted AFTER DELETE ON appointments
  FOR EACH ROW EXECUTE FUNCTION record_appointment_deletion();

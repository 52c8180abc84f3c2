-- A series' cancelled and changed occurrences, as a JSON array kept with the series
-- (OccurrenceException in src/domain/appointment.ts): every exception change is a write of
-- the series' row, so it bumps the version (ETag, the listing's cache) and commits with it.
-- NULL when there are none. A moved occurrence widens first_start_ms/last_end_ms, so the
-- listing's indexes find it by where it now is.
ALTER TABLE appointments ADD COLUMN exceptions TEXT;

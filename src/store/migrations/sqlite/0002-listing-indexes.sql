-- The listing reads what a window holds, not the user's history. Appointments whose whole
-- span (first start to last end, all occurrences) is at most 7 days (604800000 ms), nearly
-- every single appointment, are found by start: only those starting at most 7 days before
-- the window can reach into it. Longer spans (series, long events) are found by their end,
-- so ended ones are never read; never-ending series have no end (NULL). The listing's
-- queries repeat these WHERE clauses word for word (src/store/listing-query.ts), as SQLite
-- needs to use a partial index. Both indexes carry id and version, so the listing learns
-- what a window holds from the index alone (src/store/appointment-cache.ts).
DROP INDEX appointments_by_user_and_start;

CREATE INDEX appointments_short_by_start ON appointments (customer_id, user_id, first_start_ms, last_end_ms, id, version)
  WHERE last_end_ms - first_start_ms <= 604800000;

CREATE INDEX appointments_long_by_end ON appointments (customer_id, user_id, last_end_ms, first_start_ms, id, version)
  WHERE last_end_ms IS NULL OR last_end_ms - first_start_ms > 604800000;

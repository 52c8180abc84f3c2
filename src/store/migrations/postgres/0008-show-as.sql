-- How an appointment shows in free/busy (ShowAs in src/domain/appointment-schema.ts: Free,
-- Tentative, Busy, OutOfOffice). NULL in rows written before this column existed, which
-- read back as Busy; every write since stores the value. An occurrence's own showAs is kept
-- in its exception, in the exceptions column.
ALTER TABLE appointments ADD COLUMN show_as TEXT;

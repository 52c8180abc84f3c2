-- The listing reads what a window holds, not the user's history: see the SQLite migration
-- of the same number for the reasoning; the predicates are the same, the queries repeat
-- them (src/store/listing-query.ts).
DROP INDEX appointments_by_user_and_start;

CREATE INDEX appointments_short_by_start ON appointments (lower(customer_id), lower(user_id), first_start_ms, last_end_ms, id, version)
  WHERE last_end_ms - first_start_ms <= 604800000;

CREATE INDEX appointments_long_by_end ON appointments (lower(customer_id), lower(user_id), last_end_ms, first_start_ms, id, version)
  WHERE last_end_ms IS NULL OR last_end_ms - first_start_ms > 604800000;

-- Every instance caches API clients and users; a change to them, from any instance or the
-- admin CLI, tells every listening instance to drop its cache.
CREATE FUNCTION notify_lookup_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('connect_calendar_lookups', '');
  RETURN NULL;
END
$$;

CREATE TRIGGER customers_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON customers
  FOR EACH STATEMENT EXECUTE FUNCTION notify_lookup_change();
CREATE TRIGGER users_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION notify_lookup_change();
CREATE TRIGGER api_clients_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON api_clients
  FOR EACH STATEMENT EXECUTE FUNCTION notify_lookup_change();
CREATE TRIGGER client_grants_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON client_grants
  FOR EACH STATEMENT EXECUTE FUNCTION notify_lookup_change();

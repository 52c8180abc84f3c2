CREATE TABLE customers (
  customer_id TEXT PRIMARY KEY COLLATE NOCASE,
  name TEXT,
  time_zone TEXT NOT NULL
);

CREATE TABLE users (
  customer_id TEXT NOT NULL COLLATE NOCASE REFERENCES customers (customer_id),
  user_id TEXT NOT NULL COLLATE NOCASE,
  name TEXT,
  PRIMARY KEY (customer_id, user_id)
);

CREATE TABLE api_clients (
  username TEXT PRIMARY KEY,
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE client_grants (
  username TEXT NOT NULL REFERENCES api_clients (username),
  customer_id TEXT NOT NULL COLLATE NOCASE REFERENCES customers (customer_id),
  PRIMARY KEY (username, customer_id)
);

CREATE TABLE appointments (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL COLLATE NOCASE,
  user_id TEXT NOT NULL COLLATE NOCASE,
  version INTEGER NOT NULL,
  subject TEXT NOT NULL,
  location TEXT,
  note TEXT,
  time_zone TEXT NOT NULL,
  all_day INTEGER NOT NULL,
  starts_at TEXT NOT NULL,
  ends_at TEXT NOT NULL,
  recurrence TEXT,
  first_start_ms INTEGER NOT NULL,
  last_end_ms INTEGER,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  FOREIGN KEY (customer_id, user_id) REFERENCES users (customer_id, user_id)
);

CREATE INDEX appointments_by_user_and_start ON appointments (customer_id, user_id, first_start_ms);

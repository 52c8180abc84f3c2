CREATE TABLE customers (
  customer_id TEXT PRIMARY KEY,
  name TEXT,
  time_zone TEXT NOT NULL
);
CREATE UNIQUE INDEX customers_id_nocase ON customers (lower(customer_id));

CREATE TABLE users (
  customer_id TEXT NOT NULL REFERENCES customers (customer_id),
  user_id TEXT NOT NULL,
  name TEXT,
  PRIMARY KEY (customer_id, user_id)
);
CREATE UNIQUE INDEX users_id_nocase ON users (lower(customer_id), lower(user_id));

CREATE TABLE api_clients (
  username TEXT PRIMARY KEY,
  password_hash TEXT NOT NULL,
  disabled BOOLEAN NOT NULL DEFAULT false
);

CREATE TABLE client_grants (
  username TEXT NOT NULL REFERENCES api_clients (username),
  customer_id TEXT NOT NULL REFERENCES customers (customer_id),
  PRIMARY KEY (username, customer_id)
);

CREATE TABLE appointments (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  subject TEXT NOT NULL,
  location TEXT,
  note TEXT,
  time_zone TEXT NOT NULL,
  all_day BOOLEAN NOT NULL,
  starts_at TEXT NOT NULL,
  ends_at TEXT NOT NULL,
  recurrence TEXT,
  first_start_ms BIGINT NOT NULL,
  last_end_ms BIGINT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  FOREIGN KEY (customer_id, user_id) REFERENCES users (customer_id, user_id)
);

CREATE INDEX appointments_by_user_and_start ON appointments (lower(customer_id), lower(user_id), first_start_ms);

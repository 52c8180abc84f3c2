CREATE TABLE feed_tokens (
  feed_id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  customer_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT,
  FOREIGN KEY (customer_id, user_id) REFERENCES users (customer_id, user_id)
);

CREATE INDEX feed_tokens_by_user ON feed_tokens (lower(customer_id), lower(user_id));

-- The feed reads a user's appointments page by page in id order.
CREATE INDEX appointments_by_user_and_id ON appointments (lower(customer_id), lower(user_id), id);

CREATE TABLE feed_tokens (
  feed_id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  customer_id TEXT NOT NULL COLLATE NOCASE,
  user_id TEXT NOT NULL COLLATE NOCASE,
  created_at TEXT NOT NULL,
  revoked_at TEXT,
  FOREIGN KEY (customer_id, user_id) REFERENCES users (customer_id, user_id)
);

CREATE INDEX feed_tokens_by_user ON feed_tokens (customer_id, user_id);

-- The feed reads a user's appointments page by page in id order.
CREATE INDEX appointments_by_user_and_id ON appointments (customer_id, user_id, id);

-- Changes to API clients made with the admin command are audited too (issue 20): such an entry
-- names the client changed and, for a grant or revoke, the customer; it has no user and no HTTP
-- request.
ALTER TABLE audit_log
  ALTER COLUMN customer_id DROP NOT NULL,
  ALTER COLUMN user_id DROP NOT NULL,
  ALTER COLUMN request_id DROP NOT NULL;

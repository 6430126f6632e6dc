-- Cutting access off (PostgreSQL): accounts an operator has disabled, and API tokens with a
-- public id, a name, an expiry and a revocation time. Tokens made before this migration get
-- an id from their hash, the name "unnamed" and 90 days from now, so none lives forever.

ALTER TABLE app_user ADD COLUMN disabled_at TIMESTAMPTZ;

ALTER TABLE api_token ADD COLUMN id TEXT COLLATE "C";
ALTER TABLE api_token ADD COLUMN name TEXT NOT NULL DEFAULT 'unnamed';
ALTER TABLE api_token ADD COLUMN expires_at TIMESTAMPTZ;
ALTER TABLE api_token ADD COLUMN revoked_at TIMESTAMPTZ;

UPDATE api_token
SET id = substr(token_hash, 1, 16),
    expires_at = now() + interval '90 days';

CREATE UNIQUE INDEX api_token_id ON api_token (id);
CREATE INDEX api_token_user ON api_token (user_id);

-- Accounts, sessions, API tokens and the append-only audit log (PostgreSQL).
-- Secrets are never stored: passwords as argon2id PHC strings, session and API tokens as
-- SHA-256 hashes of random values.

CREATE TABLE credential (
    user_id         TEXT COLLATE "C" PRIMARY KEY REFERENCES app_user (id),
    password_hash   TEXT NOT NULL,
    failed_attempts BIGINT NOT NULL DEFAULT 0,
    locked_until    TIMESTAMPTZ
);

CREATE TABLE login_session (
    token_hash   TEXT PRIMARY KEY,
    user_id      TEXT COLLATE "C" NOT NULL REFERENCES app_user (id),
    csrf_token   TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    last_seen_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX login_session_user ON login_session (user_id);

CREATE TABLE api_token (
    token_hash   TEXT PRIMARY KEY,
    user_id      TEXT COLLATE "C" NOT NULL REFERENCES app_user (id),
    created_at   TIMESTAMPTZ NOT NULL,
    last_used_at TIMESTAMPTZ
);

CREATE TABLE audit_log (
    id          BIGSERIAL PRIMARY KEY,
    at          TIMESTAMPTZ NOT NULL,
    user_id     TEXT COLLATE "C",
    username    TEXT,
    role        TEXT,
    action      TEXT NOT NULL,
    record_type TEXT,
    record_id   TEXT COLLATE "C",
    fields      TEXT,
    ip          TEXT,
    outcome     TEXT NOT NULL
);
CREATE INDEX audit_log_record ON audit_log (record_type, record_id);
CREATE INDEX audit_log_user ON audit_log (user_id, at);

CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

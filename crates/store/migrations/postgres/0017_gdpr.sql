-- Retention (PostgreSQL): which participants `jobbvei retention run` has anonymised, when,
-- and by which rule, so a second run passes them by and a reader of the record knows why the
-- name is gone (docs/retention.md). Only ids and dates: nothing here is about the person.
CREATE TABLE anonymisation (
    participant_id TEXT COLLATE "C" PRIMARY KEY REFERENCES participant (id),
    anonymised_at  TIMESTAMPTZ NOT NULL,
    as_of          DATE NOT NULL,
    years          BIGINT NOT NULL
);

-- The audit log refuses TRUNCATE as well as UPDATE and DELETE (0002): a statement trigger,
-- since TRUNCATE fires no row triggers. Retention never changes audit rows (docs/retention.md),
-- so nothing the application does needs any of the three (docs/security.md, "The audit table").
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

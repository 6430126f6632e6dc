-- Retention (SQLite): which participants `jobbvei retention run` has anonymised, when, and by
-- which rule, so a second run passes them by and a reader of the record knows why the name is
-- gone (docs/retention.md). Only ids and dates: nothing here is about the person.
CREATE TABLE anonymisation (
    participant_id TEXT PRIMARY KEY REFERENCES participant (id),
    anonymised_at  TEXT NOT NULL,
    as_of          TEXT NOT NULL,
    years          INTEGER NOT NULL
);

-- The PostgreSQL file also makes the audit log refuse TRUNCATE; SQLite has no TRUNCATE, and
-- its unconditioned DELETE fires the append-only trigger of 0002.

-- Retention (PostgreSQL): which participants `jobbvei retention run` has anonymised, when,
-- and by which rule, so a second run passes them by and a reader of the record knows why the
-- name is gone (docs/retention.md). Only ids and dates: nothing here is about the person.
CREATE TABLE anonymisation (
    participant_id TEXT COLLATE "C" PRIMARY KEY REFERENCES participant (id),
    anonymised_at  TIMESTAMPTZ NOT NULL,
    as_of          DATE NOT NULL,
    years          BIGINT NOT NULL
);

-- The employer pipeline (SQLite, issue 15 part 1, docs/employer-pipeline.md).
--
-- `employer_hold`: since when the current holder holds the relationship, so the automatic
-- release counts from the claim when the holder has not met the employer since. It counts
-- only while `holder_id` is still the employer's holder (an import may change the holder).
CREATE TABLE employer_hold (
    employer_id TEXT PRIMARY KEY REFERENCES employer (id),
    holder_id   TEXT NOT NULL,
    since       TEXT NOT NULL
);

-- One notice per holder and release date: the holder is told once, two weeks before.
CREATE TABLE employer_release_notice (
    employer_id TEXT NOT NULL REFERENCES employer (id),
    holder_id   TEXT NOT NULL,
    release_on  TEXT NOT NULL,
    sent_at     TEXT NOT NULL,
    PRIMARY KEY (employer_id, holder_id, release_on)
);

-- An activity that presented a candidate to its employer ("Kandidat presentert" on the
-- activity form). Jobbvei's own record beside `activity`, which an import replaces whole.
CREATE TABLE activity_candidate (
    activity_id TEXT PRIMARY KEY REFERENCES activity (id),
    marked_by   TEXT NOT NULL,
    marked_at   TEXT NOT NULL
);

-- Last and next contact per employer on the board, and the holder's last contact.
CREATE INDEX activity_employer_status ON activity (employer_id, status, local_date);

-- What an employer requires of a candidate (PostgreSQL): a driving licence, Norwegian at B1,
-- a safety course. Jobbvei's own record, not part of the exchange format: it lives beside
-- `employer`, whose columns an import replaces whole, so re-importing never wipes it.
CREATE TABLE employer_requirement (
    id          TEXT COLLATE "C" PRIMARY KEY,
    employer_id TEXT COLLATE "C" NOT NULL REFERENCES employer (id),
    text        TEXT NOT NULL,
    added_at    TIMESTAMPTZ NOT NULL,
    added_by    TEXT COLLATE "C" NOT NULL
);
CREATE INDEX employer_requirement_employer ON employer_requirement (employer_id);

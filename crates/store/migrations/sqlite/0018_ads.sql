-- Job ads from NAV's job-ad feed (SQLite), in each ad's latest state, and what a participant
-- did with a suggested ad. An ad's employer is found in the register by organisation number.

CREATE TABLE job_ad (
    uuid              TEXT PRIMARY KEY,
    status            TEXT NOT NULL CHECK (status IN ('aktiv', 'inaktiv', 'stoppet')),
    changed_ms        INTEGER NOT NULL,
    title             TEXT NOT NULL,
    employer_name     TEXT NOT NULL,
    orgnr             TEXT,
    styrk             TEXT,
    styrk_raw         TEXT NOT NULL,
    municipality      TEXT,
    county            TEXT,
    place_raw         TEXT NOT NULL,
    extent            TEXT NOT NULL,
    requires_licence  INTEGER NOT NULL,
    industry          TEXT NOT NULL,
    published         TEXT,
    expires           TEXT,
    application_url   TEXT NOT NULL,
    contact_name      TEXT,
    contact_email     TEXT,
    contact_phone     TEXT,
    imported_at       TEXT NOT NULL
);
CREATE INDEX job_ad_open_county ON job_ad (status, county);
CREATE INDEX job_ad_orgnr ON job_ad (orgnr);

CREATE TABLE job_ad_mark (
    participant_id TEXT NOT NULL REFERENCES participant (id),
    ad_uuid        TEXT NOT NULL REFERENCES job_ad (uuid),
    mark           TEXT NOT NULL CHECK (mark IN ('lagret', 'avvist', 'sokt')),
    marked_at      TEXT NOT NULL,
    marked_by      TEXT NOT NULL,
    PRIMARY KEY (participant_id, ad_uuid)
);

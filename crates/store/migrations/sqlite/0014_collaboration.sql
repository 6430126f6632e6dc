-- The collaboration between job specialist and veileder (SQLite, issue 11): the three-party
-- meeting and its cooperation agreement, and the interval reports' free text. Jobbvei's own
-- records, not in the exchange format, kept apart from `course` so an import never wipes them.
-- An agreement names the pair it was made by, so a new veileder or job specialist can see
-- that theirs is still to be made; the lists of codes are comma-separated.
CREATE TABLE cooperation_agreement (
    id                     TEXT PRIMARY KEY,
    course_id              TEXT NOT NULL REFERENCES course (id),
    job_specialist_id      TEXT NOT NULL,
    veileder_id            TEXT,
    meeting_date           TEXT NOT NULL,
    took_part              TEXT NOT NULL,
    others                 TEXT,
    consent_employers      INTEGER NOT NULL,
    consent_contacts       INTEGER NOT NULL,
    contacts               TEXT,
    roles_js               TEXT NOT NULL,
    roles_js_text          TEXT,
    roles_veileder         TEXT NOT NULL,
    roles_veileder_text    TEXT,
    roles_participant      TEXT NOT NULL,
    roles_participant_text TEXT,
    interpreter_used       INTEGER NOT NULL,
    interpreter_language   TEXT,
    reach_channel          TEXT,
    reach_note             TEXT,
    meta_offered           INTEGER NOT NULL,
    meta_frequency         TEXT,
    meta_channel           TEXT,
    meta_disagreement      TEXT,
    created_by             TEXT NOT NULL,
    created_at             TEXT NOT NULL,
    updated_by             TEXT NOT NULL,
    updated_at             TEXT NOT NULL
);
CREATE INDEX cooperation_agreement_course ON cooperation_agreement (course_id, created_at);
CREATE INDEX cooperation_agreement_pair ON cooperation_agreement (job_specialist_id, veileder_id);

-- One row per course and three-month period that the job specialist has written in; the
-- rest of the report is drafted from the records whenever it is read.
CREATE TABLE interval_report (
    course_id  TEXT NOT NULL REFERENCES course (id),
    number     INTEGER NOT NULL,
    summary    TEXT,
    next_steps TEXT,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    shared_by  TEXT,
    shared_at  TEXT,
    PRIMARY KEY (course_id, number)
);

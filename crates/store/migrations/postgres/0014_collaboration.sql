-- The collaboration between job specialist and veileder (PostgreSQL, issue 11): the
-- three-party meeting and its cooperation agreement, and the interval reports' free text.
-- Jobbvei's own records, not in the exchange format, kept apart from `course` so an import
-- never wipes them. An agreement names the pair it was made by, so a new veileder or job
-- specialist can see that theirs is still to be made; the lists of codes are comma-separated.
CREATE TABLE cooperation_agreement (
    id                     TEXT COLLATE "C" PRIMARY KEY,
    course_id              TEXT COLLATE "C" NOT NULL REFERENCES course (id),
    job_specialist_id      TEXT COLLATE "C" NOT NULL,
    veileder_id            TEXT COLLATE "C",
    meeting_date           DATE NOT NULL,
    took_part              TEXT NOT NULL,
    others                 TEXT,
    consent_employers      BOOLEAN NOT NULL,
    consent_contacts       BOOLEAN NOT NULL,
    contacts               TEXT,
    roles_js               TEXT NOT NULL,
    roles_js_text          TEXT,
    roles_veileder         TEXT NOT NULL,
    roles_veileder_text    TEXT,
    roles_participant      TEXT NOT NULL,
    roles_participant_text TEXT,
    interpreter_used       BOOLEAN NOT NULL,
    interpreter_language   TEXT,
    reach_channel          TEXT,
    reach_note             TEXT,
    meta_offered           BOOLEAN NOT NULL,
    meta_frequency         TEXT,
    meta_channel           TEXT,
    meta_disagreement      TEXT,
    created_by             TEXT COLLATE "C" NOT NULL,
    created_at             TIMESTAMPTZ NOT NULL,
    updated_by             TEXT COLLATE "C" NOT NULL,
    updated_at             TIMESTAMPTZ NOT NULL
);
CREATE INDEX cooperation_agreement_course ON cooperation_agreement (course_id, created_at);
CREATE INDEX cooperation_agreement_pair ON cooperation_agreement (job_specialist_id, veileder_id);

-- One row per course and three-month period that the job specialist has written in; the
-- rest of the report is drafted from the records whenever it is read.
CREATE TABLE interval_report (
    course_id  TEXT COLLATE "C" NOT NULL REFERENCES course (id),
    number     BIGINT NOT NULL,
    summary    TEXT,
    next_steps TEXT,
    updated_by TEXT COLLATE "C" NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    shared_by  TEXT COLLATE "C",
    shared_at  TIMESTAMPTZ,
    PRIMARY KEY (course_id, number)
);

-- Jobbvei's own records beside the exchange format's (SQLite): how to reach a participant,
-- when a passive course is planned to be active again, and the attempts to reach someone on
-- a passive course. Kept apart from `participant` and `passive_period`, whose columns an
-- import replaces whole, so re-importing never wipes them; none of them is exported.
CREATE TABLE participant_contact (
    participant_id       TEXT PRIMARY KEY REFERENCES participant (id),
    phone                TEXT,
    email                TEXT,
    interpreter_language TEXT,
    updated_at           TEXT NOT NULL,
    updated_by           TEXT NOT NULL
);

CREATE TABLE passive_plan (
    course_id  TEXT NOT NULL REFERENCES course (id),
    from_date  TEXT NOT NULL,
    planned_to TEXT NOT NULL,
    PRIMARY KEY (course_id, from_date)
);

CREATE TABLE outreach_attempt (
    id         TEXT PRIMARY KEY,
    course_id  TEXT NOT NULL REFERENCES course (id),
    tried_on   TEXT NOT NULL,
    way        TEXT NOT NULL,
    reached    INTEGER NOT NULL,
    user_id    TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX outreach_attempt_course ON outreach_attempt (course_id, tried_on);

-- Jobbvei's own records beside the exchange format's (PostgreSQL): how to reach a
-- participant, when a passive course is planned to be active again, and the attempts to reach
-- someone on a passive course. Kept apart from `participant` and `passive_period`, whose
-- columns an import replaces whole, so re-importing never wipes them; none of them is exported.
CREATE TABLE participant_contact (
    participant_id       TEXT COLLATE "C" PRIMARY KEY REFERENCES participant (id),
    phone                TEXT,
    email                TEXT,
    interpreter_language TEXT,
    updated_at           TIMESTAMPTZ NOT NULL,
    updated_by           TEXT COLLATE "C" NOT NULL
);

CREATE TABLE passive_plan (
    course_id  TEXT COLLATE "C" NOT NULL REFERENCES course (id),
    from_date  DATE NOT NULL,
    planned_to DATE NOT NULL,
    PRIMARY KEY (course_id, from_date)
);

CREATE TABLE outreach_attempt (
    id         TEXT COLLATE "C" PRIMARY KEY,
    course_id  TEXT COLLATE "C" NOT NULL REFERENCES course (id),
    tried_on   DATE NOT NULL,
    way        TEXT NOT NULL,
    reached    BOOLEAN NOT NULL,
    user_id    TEXT COLLATE "C" NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX outreach_attempt_course ON outreach_attempt (course_id, tried_on);

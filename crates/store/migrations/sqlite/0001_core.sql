-- Jobbvei core schema (SQLite). The PostgreSQL file of the same name holds the same tables.
-- Every record's primary key is its exchange id (see docs/architecture.md).

CREATE TABLE office (
    id   TEXT PRIMARY KEY,
    name TEXT NOT NULL
);

CREATE TABLE team (
    id        TEXT PRIMARY KEY,
    office_id TEXT NOT NULL REFERENCES office (id),
    name      TEXT NOT NULL,
    method    TEXT NOT NULL CHECK (method IN ('SE', 'UO', 'IPS'))
);

CREATE TABLE app_user (
    id       TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    roles    TEXT NOT NULL,
    team_id  TEXT REFERENCES team (id),
    fte      REAL NOT NULL CHECK (fte > 0 AND fte <= 1),
    username TEXT UNIQUE
);

CREATE TABLE employer (
    id           TEXT PRIMARY KEY,
    orgnr        TEXT NOT NULL,
    name         TEXT NOT NULL,
    name_search  TEXT NOT NULL,
    municipality TEXT,
    industry     TEXT,
    stage        TEXT,
    holder_id    TEXT REFERENCES app_user (id)
);
CREATE INDEX employer_orgnr ON employer (orgnr);
CREATE INDEX employer_name_search ON employer (name_search);

CREATE TABLE employer_contact (
    id             TEXT PRIMARY KEY,
    employer_id    TEXT NOT NULL REFERENCES employer (id),
    name           TEXT NOT NULL,
    decision_maker INTEGER,
    phone          TEXT,
    email          TEXT
);
CREATE INDEX employer_contact_employer ON employer_contact (employer_id);

CREATE TABLE participant (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    name_search     TEXT NOT NULL,
    fnr             TEXT NOT NULL,
    postal_code     TEXT,
    birth_year      INTEGER,
    norwegian_level TEXT,
    interpreter     INTEGER,
    veileder_id     TEXT REFERENCES app_user (id),
    confidential    INTEGER
);
CREATE INDEX participant_fnr ON participant (fnr);
CREATE INDEX participant_veileder ON participant (veileder_id);

CREATE TABLE referral (
    id             TEXT PRIMARY KEY,
    participant_id TEXT NOT NULL REFERENCES participant (id),
    veileder_id    TEXT NOT NULL REFERENCES app_user (id),
    team_id        TEXT NOT NULL REFERENCES team (id),
    sent           TEXT NOT NULL,
    decision       TEXT,
    decided        TEXT,
    reason         TEXT
);
CREATE INDEX referral_participant ON referral (participant_id);

CREATE TABLE course (
    id                TEXT PRIMARY KEY,
    participant_id    TEXT NOT NULL REFERENCES participant (id),
    method            TEXT NOT NULL,
    job_specialist_id TEXT NOT NULL REFERENCES app_user (id),
    start_date        TEXT NOT NULL,
    referred          TEXT,
    end_date          TEXT,
    end_cause         TEXT,
    end_cause_detail  TEXT
);
CREATE INDEX course_participant ON course (participant_id);
CREATE INDEX course_job_specialist ON course (job_specialist_id, start_date);

CREATE TABLE course_phase (
    course_id TEXT NOT NULL REFERENCES course (id),
    from_date TEXT NOT NULL,
    phase     TEXT NOT NULL,
    PRIMARY KEY (course_id, from_date)
);

CREATE TABLE passive_period (
    course_id TEXT NOT NULL REFERENCES course (id),
    from_date TEXT NOT NULL,
    to_date   TEXT,
    reason    TEXT,
    PRIMARY KEY (course_id, from_date)
);

CREATE TABLE job (
    id             TEXT PRIMARY KEY,
    course_id      TEXT NOT NULL REFERENCES course (id),
    employer_id    TEXT NOT NULL REFERENCES employer (id),
    form           TEXT NOT NULL,
    start_date     TEXT NOT NULL,
    title          TEXT,
    styrk          TEXT,
    paid           INTEGER,
    ordinary_terms INTEGER,
    hours_per_week REAL,
    probation_end  TEXT,
    planned_end    TEXT,
    end_date       TEXT,
    ended_by       TEXT,
    end_reason     TEXT,
    extensions     INTEGER
);
CREATE INDEX job_course ON job (course_id);
CREATE INDEX job_employer ON job (employer_id);

CREATE TABLE job_percent (
    job_id    TEXT NOT NULL REFERENCES job (id),
    from_date TEXT NOT NULL,
    percent   REAL NOT NULL,
    PRIMARY KEY (job_id, from_date)
);

CREATE TABLE education (
    id          TEXT PRIMARY KEY,
    course_id   TEXT NOT NULL REFERENCES course (id),
    level       TEXT NOT NULL,
    start_date  TEXT NOT NULL,
    status      TEXT,
    programme   TEXT,
    institution TEXT,
    end_date    TEXT
);
CREATE INDEX education_course ON education (course_id);

CREATE TABLE measure (
    id          TEXT PRIMARY KEY,
    course_id   TEXT NOT NULL REFERENCES course (id),
    kind        TEXT NOT NULL,
    status      TEXT NOT NULL,
    job_id      TEXT REFERENCES job (id),
    percent     REAL,
    hours       REAL,
    amount_nok  REAL,
    from_date   TEXT,
    to_date     TEXT,
    decided_by  TEXT REFERENCES app_user (id),
    reason      TEXT
);
CREATE INDEX measure_course ON measure (course_id);

CREATE TABLE activity (
    id             TEXT PRIMARY KEY,
    user_id        TEXT NOT NULL REFERENCES app_user (id),
    kind           TEXT NOT NULL,
    start_at       TEXT NOT NULL,
    local_date     TEXT NOT NULL,
    minutes        INTEGER NOT NULL,
    status         TEXT NOT NULL,
    channel        TEXT,
    out_of_office  INTEGER,
    travel_to      INTEGER,
    travel_from    INTEGER,
    course_id      TEXT REFERENCES course (id),
    employer_id    TEXT REFERENCES employer (id),
    contact_id     TEXT REFERENCES employer_contact (id),
    decision_maker INTEGER,
    subcategory    TEXT,
    place          TEXT,
    note           TEXT
);
CREATE INDEX activity_user_date ON activity (user_id, local_date);
CREATE INDEX activity_course ON activity (course_id);

CREATE TABLE followup_check (
    id        TEXT PRIMARY KEY,
    course_id TEXT NOT NULL REFERENCES course (id),
    job_id    TEXT NOT NULL REFERENCES job (id),
    due       TEXT NOT NULL,
    done      TEXT,
    areas     TEXT NOT NULL,
    note      TEXT
);
CREATE INDEX followup_check_job ON followup_check (job_id);

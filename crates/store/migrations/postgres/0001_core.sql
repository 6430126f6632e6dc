-- Jobbvei core schema (PostgreSQL). The SQLite file of the same name holds the same tables.
-- Every record's primary key is its exchange id (see docs/architecture.md). Ids sort
-- bytewise (COLLATE "C") so that export order is the same as on SQLite.

CREATE TABLE office (
    id   TEXT COLLATE "C" PRIMARY KEY,
    name TEXT NOT NULL
);

CREATE TABLE team (
    id        TEXT COLLATE "C" PRIMARY KEY,
    office_id TEXT COLLATE "C" NOT NULL REFERENCES office (id),
    name      TEXT NOT NULL,
    method    TEXT NOT NULL CHECK (method IN ('SE', 'UO', 'IPS'))
);

CREATE TABLE app_user (
    id       TEXT COLLATE "C" PRIMARY KEY,
    name     TEXT NOT NULL,
    roles    TEXT NOT NULL,
    team_id  TEXT COLLATE "C" REFERENCES team (id),
    fte      DOUBLE PRECISION NOT NULL CHECK (fte > 0 AND fte <= 1),
    username TEXT UNIQUE
);

CREATE TABLE employer (
    id           TEXT COLLATE "C" PRIMARY KEY,
    orgnr        TEXT NOT NULL,
    name         TEXT NOT NULL,
    name_search  TEXT NOT NULL,
    municipality TEXT,
    industry     TEXT,
    stage        TEXT,
    holder_id    TEXT COLLATE "C" REFERENCES app_user (id)
);
CREATE INDEX employer_orgnr ON employer (orgnr);
CREATE INDEX employer_name_search ON employer (name_search);

CREATE TABLE employer_contact (
    id             TEXT COLLATE "C" PRIMARY KEY,
    employer_id    TEXT COLLATE "C" NOT NULL REFERENCES employer (id),
    name           TEXT NOT NULL,
    decision_maker BOOLEAN,
    phone          TEXT,
    email          TEXT
);
CREATE INDEX employer_contact_employer ON employer_contact (employer_id);

CREATE TABLE participant (
    id              TEXT COLLATE "C" PRIMARY KEY,
    name            TEXT NOT NULL,
    name_search     TEXT NOT NULL,
    fnr             TEXT NOT NULL,
    postal_code     TEXT,
    birth_year      BIGINT,
    norwegian_level TEXT,
    interpreter     BOOLEAN,
    veileder_id     TEXT COLLATE "C" REFERENCES app_user (id),
    confidential    BOOLEAN
);
CREATE INDEX participant_fnr ON participant (fnr);
CREATE INDEX participant_veileder ON participant (veileder_id);

CREATE TABLE referral (
    id             TEXT COLLATE "C" PRIMARY KEY,
    participant_id TEXT COLLATE "C" NOT NULL REFERENCES participant (id),
    veileder_id    TEXT COLLATE "C" NOT NULL REFERENCES app_user (id),
    team_id        TEXT COLLATE "C" NOT NULL REFERENCES team (id),
    sent           DATE NOT NULL,
    decision       TEXT,
    decided        DATE,
    reason         TEXT
);
CREATE INDEX referral_participant ON referral (participant_id);

CREATE TABLE course (
    id                TEXT COLLATE "C" PRIMARY KEY,
    participant_id    TEXT COLLATE "C" NOT NULL REFERENCES participant (id),
    method            TEXT NOT NULL,
    job_specialist_id TEXT COLLATE "C" NOT NULL REFERENCES app_user (id),
    start_date        DATE NOT NULL,
    referred          DATE,
    end_date          DATE,
    end_cause         TEXT,
    end_cause_detail  TEXT
);
CREATE INDEX course_participant ON course (participant_id);
CREATE INDEX course_job_specialist ON course (job_specialist_id, start_date);

CREATE TABLE course_phase (
    course_id TEXT COLLATE "C" NOT NULL REFERENCES course (id),
    from_date DATE NOT NULL,
    phase     TEXT NOT NULL,
    PRIMARY KEY (course_id, from_date)
);

CREATE TABLE passive_period (
    course_id TEXT COLLATE "C" NOT NULL REFERENCES course (id),
    from_date DATE NOT NULL,
    to_date   DATE,
    reason    TEXT,
    PRIMARY KEY (course_id, from_date)
);

CREATE TABLE job (
    id             TEXT COLLATE "C" PRIMARY KEY,
    course_id      TEXT COLLATE "C" NOT NULL REFERENCES course (id),
    employer_id    TEXT COLLATE "C" NOT NULL REFERENCES employer (id),
    form           TEXT NOT NULL,
    start_date     DATE NOT NULL,
    title          TEXT,
    styrk          TEXT,
    paid           BOOLEAN,
    ordinary_terms BOOLEAN,
    hours_per_week DOUBLE PRECISION,
    probation_end  DATE,
    planned_end    DATE,
    end_date       DATE,
    ended_by       TEXT,
    end_reason     TEXT,
    extensions     BIGINT
);
CREATE INDEX job_course ON job (course_id);
CREATE INDEX job_employer ON job (employer_id);

CREATE TABLE job_percent (
    job_id    TEXT COLLATE "C" NOT NULL REFERENCES job (id),
    from_date DATE NOT NULL,
    percent   DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (job_id, from_date)
);

CREATE TABLE education (
    id          TEXT COLLATE "C" PRIMARY KEY,
    course_id   TEXT COLLATE "C" NOT NULL REFERENCES course (id),
    level       TEXT NOT NULL,
    start_date  DATE NOT NULL,
    status      TEXT,
    programme   TEXT,
    institution TEXT,
    end_date    DATE
);
CREATE INDEX education_course ON education (course_id);

CREATE TABLE measure (
    id          TEXT COLLATE "C" PRIMARY KEY,
    course_id   TEXT COLLATE "C" NOT NULL REFERENCES course (id),
    kind        TEXT NOT NULL,
    status      TEXT NOT NULL,
    job_id      TEXT COLLATE "C" REFERENCES job (id),
    percent     DOUBLE PRECISION,
    hours       DOUBLE PRECISION,
    amount_nok  DOUBLE PRECISION,
    from_date   DATE,
    to_date     DATE,
    decided_by  TEXT COLLATE "C" REFERENCES app_user (id),
    reason      TEXT
);
CREATE INDEX measure_course ON measure (course_id);

CREATE TABLE activity (
    id             TEXT COLLATE "C" PRIMARY KEY,
    user_id        TEXT COLLATE "C" NOT NULL REFERENCES app_user (id),
    kind           TEXT NOT NULL,
    start_at       TIMESTAMPTZ NOT NULL,
    local_date     DATE NOT NULL,
    minutes        BIGINT NOT NULL,
    status         TEXT NOT NULL,
    channel        TEXT,
    out_of_office  BOOLEAN,
    travel_to      BIGINT,
    travel_from    BIGINT,
    course_id      TEXT COLLATE "C" REFERENCES course (id),
    employer_id    TEXT COLLATE "C" REFERENCES employer (id),
    contact_id     TEXT COLLATE "C" REFERENCES employer_contact (id),
    decision_maker BOOLEAN,
    subcategory    TEXT,
    place          TEXT,
    note           TEXT
);
CREATE INDEX activity_user_date ON activity (user_id, local_date);
CREATE INDEX activity_course ON activity (course_id);

CREATE TABLE followup_check (
    id        TEXT COLLATE "C" PRIMARY KEY,
    course_id TEXT COLLATE "C" NOT NULL REFERENCES course (id),
    job_id    TEXT COLLATE "C" NOT NULL REFERENCES job (id),
    due       DATE NOT NULL,
    done      DATE,
    areas     TEXT NOT NULL,
    note      TEXT
);
CREATE INDEX followup_check_job ON followup_check (job_id);

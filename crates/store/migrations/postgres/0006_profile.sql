-- The participant's vocational profile (one row per saved version, never updated), the
-- disclosure plan, support needs and the plan (PostgreSQL). Free text only; codes are checked by the domain.

CREATE TABLE vocational_profile (
    participant_id        TEXT COLLATE "C" NOT NULL REFERENCES participant (id),
    version               BIGINT NOT NULL,
    created_at            TIMESTAMPTZ NOT NULL,
    created_by            TEXT COLLATE "C" NOT NULL,
    wanted_styrk          TEXT NOT NULL,
    industries            TEXT NOT NULL,
    tasks                 TEXT NOT NULL,
    hours                 TEXT NOT NULL,
    work_environment      TEXT NOT NULL,
    geography             TEXT NOT NULL,
    driving_licence       TEXT NOT NULL,
    education             TEXT NOT NULL,
    work_history          TEXT NOT NULL,
    interests             TEXT NOT NULL,
    strengths             TEXT NOT NULL,
    health_considerations TEXT NOT NULL,
    warning_signs         TEXT NOT NULL,
    coping                TEXT NOT NULL,
    network               TEXT NOT NULL,
    benefits_planning     TEXT NOT NULL,
    facilitation          TEXT NOT NULL,
    PRIMARY KEY (participant_id, version)
);

CREATE TABLE disclosure_plan (
    participant_id           TEXT COLLATE "C" PRIMARY KEY REFERENCES participant (id),
    may_tell                 TEXT NOT NULL,
    must_not_tell            TEXT NOT NULL,
    employer_contact_consent BOOLEAN NOT NULL,
    network_contacts         TEXT NOT NULL,
    updated_at               TIMESTAMPTZ NOT NULL,
    updated_by               TEXT COLLATE "C" NOT NULL
);

CREATE TABLE support_need (
    id             TEXT COLLATE "C" PRIMARY KEY,
    participant_id TEXT COLLATE "C" NOT NULL REFERENCES participant (id),
    level          TEXT NOT NULL CHECK (level IN ('individ', 'sosial', 'samfunn')),
    need           TEXT NOT NULL,
    from_date      DATE NOT NULL,
    to_date        DATE,
    given_by       TEXT NOT NULL
);
CREATE INDEX support_need_participant ON support_need (participant_id);

CREATE TABLE plan_item (
    id             TEXT COLLATE "C" PRIMARY KEY,
    participant_id TEXT COLLATE "C" NOT NULL REFERENCES participant (id),
    parent_id      TEXT COLLATE "C" REFERENCES plan_item (id),
    kind           TEXT NOT NULL CHECK (kind IN ('mal', 'delmal', 'aktivitet')),
    text           TEXT NOT NULL,
    owner          TEXT NOT NULL CHECK (owner IN ('deltaker', 'jobbspesialist', 'veileder', 'arbeidsgiver')),
    deadline       DATE,
    status         TEXT NOT NULL CHECK (status IN ('planlagt', 'gjennomfores', 'fullfort', 'avbrutt'))
);
CREATE INDEX plan_item_participant ON plan_item (participant_id);

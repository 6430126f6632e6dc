-- Who registered a participant in Jobbvei (PostgreSQL): one of the three ways a participant
-- becomes a job specialist's (docs/access.md). Kept apart from `participant`, whose columns
-- an import replaces whole; not exported (an import registers nobody).
CREATE TABLE participant_registration (
    participant_id TEXT COLLATE "C" PRIMARY KEY REFERENCES participant (id),
    registered_by  TEXT COLLATE "C" NOT NULL REFERENCES app_user (id),
    registered_at  TIMESTAMPTZ NOT NULL
);

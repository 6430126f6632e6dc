-- Who registered a participant in Jobbvei (SQLite): one of the three ways a participant
-- becomes a job specialist's (docs/access.md). Kept apart from `participant`, whose columns
-- an import replaces whole; not exported (an import registers nobody).
CREATE TABLE participant_registration (
    participant_id TEXT PRIMARY KEY REFERENCES participant (id),
    registered_by  TEXT NOT NULL REFERENCES app_user (id),
    registered_at  TEXT NOT NULL
);

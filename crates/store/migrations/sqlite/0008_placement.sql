-- Why an unpaid placement (jobbsmak, arbeidstrening) was set up (SQLite). Jobbvei's own
-- record, not part of the exchange format: it lives beside `job`, whose columns an import
-- replaces whole, so re-importing a job never wipes its purpose. Extensions stay on `job`.
CREATE TABLE placement_purpose (
    job_id     TEXT PRIMARY KEY REFERENCES job (id),
    purpose    TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);

-- Why an unpaid placement (jobbsmak, arbeidstrening) was set up (PostgreSQL). Jobbvei's own
-- record, not part of the exchange format: it lives beside `job`, whose columns an import
-- replaces whole, so re-importing a job never wipes its purpose. Extensions stay on `job`.
CREATE TABLE placement_purpose (
    job_id     TEXT COLLATE "C" PRIMARY KEY REFERENCES job (id),
    purpose    TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    updated_by TEXT COLLATE "C" NOT NULL
);

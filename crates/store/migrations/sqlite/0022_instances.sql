-- Several app instances on one database (SQLite): what one instance must know of the
-- others lives here, not in process memory.

-- Failed sign-ins, so that the throttle counts across every instance. `key_hash` is the
-- SHA-256 of the counted key (client address, or address and typed username), so the table
-- holds no username or address in the clear. Rows older than the window are deleted.
CREATE TABLE login_failure (
    key_hash TEXT NOT NULL,
    at       TEXT NOT NULL
);
CREATE INDEX login_failure_key ON login_failure (key_hash, at);
CREATE INDEX login_failure_at ON login_failure (at);

-- Background work that must run on one instance at a time: the instance that holds the
-- lease (`holder`, until `expires_at`) runs it. `last_day` is the last day a once-a-day job was
-- done, so a new day's run is claimed once across instances.
CREATE TABLE job_lease (
    name     TEXT PRIMARY KEY,
    holder   TEXT,
    expires_at TEXT NOT NULL,
    last_day TEXT
);

-- A notice is claimed by the instance about to mail it, so no other instance mails it too.
-- A claim older than the claim lifetime (a crash mid-send) may be taken again.
ALTER TABLE notification ADD COLUMN mail_claimed_at TEXT;

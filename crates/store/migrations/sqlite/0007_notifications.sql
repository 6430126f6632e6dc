-- Notices to users (SQLite): written in the same transaction as the event that causes them,
-- read in the list at /varsler and announced by e-mail when SMTP is configured. `text` never
-- holds health details; `link` is the page of the record the notice is about.

-- Where e-mail goes. Not part of the exchange format: set with `jobbvei user add --email`.
ALTER TABLE app_user ADD COLUMN email TEXT;

CREATE TABLE notification (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     TEXT NOT NULL REFERENCES app_user (id),
    kind        TEXT NOT NULL,
    record_type TEXT,
    record_id   TEXT,
    link        TEXT,
    text        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    read_at     TEXT,
    mailed_at   TEXT
);
CREATE INDEX notification_user ON notification (user_id, created_at);
-- The header's unread count and the mailer's queue each read one small partial index.
CREATE INDEX notification_unread ON notification (user_id) WHERE read_at IS NULL;
CREATE INDEX notification_unmailed ON notification (user_id) WHERE mailed_at IS NULL AND read_at IS NULL;

-- One row per user and day once the day's alert digest is done (mailed, or nothing to mail).
CREATE TABLE alert_digest (
    user_id   TEXT NOT NULL REFERENCES app_user (id),
    day       TEXT NOT NULL,
    alerts    INTEGER NOT NULL,
    mailed_at TEXT,
    PRIMARY KEY (user_id, day)
);

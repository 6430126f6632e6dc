-- Measure requests: office quotas and the history of each request's steps (SQLite).

-- What the request is for (course or certificate, mentor arrangement); kept apart from
-- `reason`, which holds the veileder's reason for a decision.
ALTER TABLE measure ADD COLUMN note TEXT;
CREATE INDEX measure_status ON measure (status);

-- At most `max` requests of `kind` per office and month (`YYYY-MM`); no row, no quota.
CREATE TABLE measure_quota (
    office_id TEXT NOT NULL REFERENCES office (id),
    kind      TEXT NOT NULL,
    month     TEXT NOT NULL,
    max       INTEGER NOT NULL,
    PRIMARY KEY (office_id, kind, month)
);

-- One row per step; `from_status` is NULL for the first draft. `over_quota` marks a
-- request sent when the office's quota for its kind and month was already used up.
CREATE TABLE measure_event (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    measure_id  TEXT NOT NULL REFERENCES measure (id),
    at          TEXT NOT NULL,
    user_id     TEXT NOT NULL REFERENCES app_user (id),
    from_status TEXT,
    to_status   TEXT NOT NULL,
    reason      TEXT,
    over_quota  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX measure_event_measure ON measure_event (measure_id, id);
CREATE INDEX measure_event_to ON measure_event (to_status, at);

-- Fidelity and quality reviews (DOMAIN.md §6) (SQLite). The instrument itself is data in the
-- domain crate; a review names it by id and version so an old review keeps its own items.

CREATE TABLE review (
    id          TEXT PRIMARY KEY,
    team_id     TEXT NOT NULL REFERENCES team (id),
    instrument  TEXT NOT NULL,
    version     TEXT NOT NULL,
    period_from TEXT NOT NULL,
    period_to   TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('fagrevisjon', 'egenvurdering')),
    status      TEXT NOT NULL CHECK (status IN ('open', 'consensus', 'closed')),
    created_by  TEXT NOT NULL REFERENCES app_user (id),
    created_at  TEXT NOT NULL,
    CHECK (period_from <= period_to)
);
CREATE INDEX review_team ON review (team_id, period_to);

-- Who scores a review; the confidentiality rule reads it too.
CREATE TABLE review_reviewer (
    review_id TEXT NOT NULL REFERENCES review (id),
    user_id   TEXT NOT NULL REFERENCES app_user (id),
    PRIMARY KEY (review_id, user_id)
);
CREATE INDEX review_reviewer_user ON review_reviewer (user_id);

-- One row per reviewer and item; reviewer_id '' (never a valid exchange id) is the agreed
-- consensus row, so both kinds share one key and one upsert.
CREATE TABLE review_score (
    review_id      TEXT NOT NULL REFERENCES review (id),
    item           INTEGER NOT NULL,
    reviewer_id    TEXT NOT NULL,
    score          INTEGER CHECK (score BETWEEN 1 AND 5),
    evidence       TEXT,
    recommendation TEXT,
    PRIMARY KEY (review_id, item, reviewer_id)
);

CREATE TABLE review_action (
    id        TEXT PRIMARY KEY,
    review_id TEXT NOT NULL REFERENCES review (id),
    what      TEXT NOT NULL,
    who       TEXT NOT NULL,
    due       TEXT NOT NULL,
    done      TEXT
);
CREATE INDEX review_action_review ON review_action (review_id, due);

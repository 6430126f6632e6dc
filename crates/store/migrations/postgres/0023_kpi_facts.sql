-- Derived facts for the activity figures K1, K1p and K2 (docs/facts.md): one row per user and
-- Oslo day with any activity, computed by the domain's rules from that day's activities.
-- Every write of an activity updates the rows of the days it touches in the same
-- transaction; bulk loads, restores and a new rule version rebuild the table whole. Derived,
-- so never backed up: `jobbvei facts check` compares it with the activities.
CREATE TABLE activity_day (
    user_id    TEXT COLLATE "C" NOT NULL,
    day        DATE NOT NULL,
    activities BIGINT NOT NULL,
    k1         BIGINT NOT NULL,
    k1p        BIGINT NOT NULL,
    k2_minutes BIGINT NOT NULL,
    PRIMARY KEY (user_id, day)
);

-- The rule versions each fact table was built with (`K1@1,K1p@1,K2@1`). When the code's
-- differ, the facts are rebuilt at start and not read until then.
CREATE TABLE kpi_fact_version (
    facts TEXT PRIMARY KEY,
    rules TEXT NOT NULL
);

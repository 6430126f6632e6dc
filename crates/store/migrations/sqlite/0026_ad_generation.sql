-- A number that changes whenever the job ads change (SQLite), so that a participant's ranked
-- suggestions can be kept and known to be current (docs/participant-page.md, "Ranked ads").
-- Every insert, update and delete of `job_ad` bumps it in the writing transaction, whoever
-- writes: the feed, a restore, an instance that is not this one.

CREATE TABLE job_ad_generation (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    generation INTEGER NOT NULL
);
INSERT INTO job_ad_generation (id, generation) VALUES (1, 0);

CREATE TRIGGER job_ad_generation_insert AFTER INSERT ON job_ad
BEGIN
    UPDATE job_ad_generation SET generation = generation + 1 WHERE id = 1;
END;

CREATE TRIGGER job_ad_generation_update AFTER UPDATE ON job_ad
BEGIN
    UPDATE job_ad_generation SET generation = generation + 1 WHERE id = 1;
END;

CREATE TRIGGER job_ad_generation_delete AFTER DELETE ON job_ad
BEGIN
    UPDATE job_ad_generation SET generation = generation + 1 WHERE id = 1;
END;

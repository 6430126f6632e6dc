-- A number that changes whenever the job ads change (PostgreSQL), so that a participant's
-- ranked suggestions can be kept and known to be current (docs/participant-page.md, "Ranked
-- ads"). Every statement that writes `job_ad` bumps it in the writing transaction, whoever
-- writes: the feed, a restore, another app instance. Once per statement, not per row, so a
-- feed batch does not update the one row thousands of times.

CREATE TABLE job_ad_generation (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    generation BIGINT NOT NULL
);
INSERT INTO job_ad_generation (id, generation) VALUES (1, 0);

CREATE FUNCTION job_ad_generation_bump() RETURNS trigger AS $$
BEGIN
    UPDATE job_ad_generation SET generation = generation + 1 WHERE id = 1;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER job_ad_generation_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON job_ad
    FOR EACH STATEMENT EXECUTE FUNCTION job_ad_generation_bump();

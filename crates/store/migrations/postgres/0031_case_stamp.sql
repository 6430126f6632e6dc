-- What the caseload, Min dag and the alerts read of a user's courses, stamped (PostgreSQL): a
-- number per user that every write to those courses raises in the writing transaction,
-- whoever writes (a page, the API, an import, another app instance), so that a server may
-- keep what it computed from them and know when it is no longer current (docs/caseload.md,
-- "Kept per user"). A course's job specialist and its participant's veileder are stamped;
-- a move of a course or a participant stamps the user it left too. The row with the empty
-- user id is the epoch: a bulk load, which runs with these triggers disabled, raises it.
-- Users are stamped in the order of their ids, so that two writers never wait for each
-- other's rows the other way round.

CREATE TABLE case_stamp (
    user_id TEXT PRIMARY KEY,
    n       BIGINT NOT NULL
);
INSERT INTO case_stamp (user_id, n) VALUES ('', 0);

-- The statements are written out in each trigger function, not called as SQL functions:
-- PL/pgSQL keeps their plans for the connection, where an SQL function called from it is
-- planned again on every row.

-- A row of a table with `course_id`: the course's job specialist and its participant's
-- veileder, before and after.
CREATE FUNCTION case_stamp_course_row() RETURNS trigger AS $$
DECLARE
    courses TEXT[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        courses := ARRAY[NEW.course_id];
    ELSIF TG_OP = 'DELETE' THEN
        courses := ARRAY[OLD.course_id];
    ELSE
        courses := ARRAY[OLD.course_id, NEW.course_id];
    END IF;
    INSERT INTO case_stamp AS s (user_id, n)
    SELECT u, 1 FROM (
        SELECT c.job_specialist_id AS u FROM course c WHERE c.id = ANY (courses)
        UNION SELECT p.veileder_id FROM course c JOIN participant p ON p.id = c.participant_id
        WHERE c.id = ANY (courses)
    ) x WHERE u IS NOT NULL ORDER BY u
    ON CONFLICT (user_id) DO UPDATE SET n = s.n + 1;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

-- A course: its job specialist and its participant's veileder, before and after.
CREATE FUNCTION case_stamp_course() RETURNS trigger AS $$
DECLARE
    users TEXT[] := ARRAY[]::TEXT[];
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        users := users || OLD.job_specialist_id
            || ARRAY(SELECT v.veileder_id FROM participant v WHERE v.id = OLD.participant_id);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        users := users || NEW.job_specialist_id
            || ARRAY(SELECT v.veileder_id FROM participant v WHERE v.id = NEW.participant_id);
    END IF;
    INSERT INTO case_stamp AS s (user_id, n)
    SELECT DISTINCT u, 1 FROM unnest(users) AS u WHERE u IS NOT NULL ORDER BY u
    ON CONFLICT (user_id) DO UPDATE SET n = s.n + 1;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

-- A participant: their veileder and the job specialists of their courses, before and after.
CREATE FUNCTION case_stamp_participant() RETURNS trigger AS $$
DECLARE
    users TEXT[] := ARRAY[]::TEXT[];
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        users := users || OLD.veileder_id
            || ARRAY(SELECT c.job_specialist_id FROM course c WHERE c.participant_id = OLD.id);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        users := users || NEW.veileder_id
            || ARRAY(SELECT c.job_specialist_id FROM course c WHERE c.participant_id = NEW.id);
    END IF;
    INSERT INTO case_stamp AS s (user_id, n)
    SELECT DISTINCT u, 1 FROM unnest(users) AS u WHERE u IS NOT NULL ORDER BY u
    ON CONFLICT (user_id) DO UPDATE SET n = s.n + 1;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER case_stamp_course AFTER INSERT OR UPDATE OR DELETE ON course
    FOR EACH ROW EXECUTE FUNCTION case_stamp_course();
CREATE TRIGGER case_stamp_participant AFTER INSERT OR UPDATE OR DELETE ON participant
    FOR EACH ROW EXECUTE FUNCTION case_stamp_participant();
CREATE TRIGGER case_stamp_course_phase AFTER INSERT OR UPDATE OR DELETE ON course_phase
    FOR EACH ROW EXECUTE FUNCTION case_stamp_course_row();
CREATE TRIGGER case_stamp_passive_period AFTER INSERT OR UPDATE OR DELETE ON passive_period
    FOR EACH ROW EXECUTE FUNCTION case_stamp_course_row();
CREATE TRIGGER case_stamp_activity AFTER INSERT OR UPDATE OR DELETE ON activity
    FOR EACH ROW EXECUTE FUNCTION case_stamp_course_row();
CREATE TRIGGER case_stamp_job AFTER INSERT OR UPDATE OR DELETE ON job
    FOR EACH ROW EXECUTE FUNCTION case_stamp_course_row();
CREATE TRIGGER case_stamp_measure AFTER INSERT OR UPDATE OR DELETE ON measure
    FOR EACH ROW EXECUTE FUNCTION case_stamp_course_row();
CREATE TRIGGER case_stamp_followup_check AFTER INSERT OR UPDATE OR DELETE ON followup_check
    FOR EACH ROW EXECUTE FUNCTION case_stamp_course_row();
CREATE TRIGGER case_stamp_outreach_attempt AFTER INSERT OR UPDATE OR DELETE ON outreach_attempt
    FOR EACH ROW EXECUTE FUNCTION case_stamp_course_row();

-- Min dag keeps each user's activities of the day while their stamp is unchanged
-- (docs/caseload.md, "Min dag's activities"). It lists the activities a user logged,
-- whatever course they are on, and names their participants and employers. So beside
-- what 0031 stamps: an activity stamps its owner, before and after (a colleague's course,
-- or no course at all); and a change to a name shown beside other users' activities
-- raises the epoch, which is in every stamp: a participant's name, an employer's name, a
-- course moved to another participant. Those are rare, and everything kept is read again
-- once after one.

CREATE FUNCTION case_stamp_activity() RETURNS trigger AS $$
DECLARE
    users TEXT[] := ARRAY[]::TEXT[];
    specialist TEXT;
    veileder TEXT;
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        users := ARRAY[NEW.user_id];
        IF NEW.course_id IS NOT NULL THEN
            SELECT c.job_specialist_id, p.veileder_id INTO specialist, veileder
            FROM course c LEFT JOIN participant p ON p.id = c.participant_id WHERE c.id = NEW.course_id;
            users := users || ARRAY[specialist, veileder];
        END IF;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        users := users || OLD.user_id;
        IF OLD.course_id IS NOT NULL AND (TG_OP = 'DELETE' OR OLD.course_id IS DISTINCT FROM NEW.course_id) THEN
            SELECT c.job_specialist_id, p.veileder_id INTO specialist, veileder
            FROM course c LEFT JOIN participant p ON p.id = c.participant_id WHERE c.id = OLD.course_id;
            users := users || ARRAY[specialist, veileder];
        END IF;
    END IF;
    INSERT INTO case_stamp AS s (user_id, n)
    SELECT DISTINCT u, 1 FROM unnest(users) AS u WHERE u IS NOT NULL ORDER BY u
    ON CONFLICT (user_id) DO UPDATE SET n = s.n + 1;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

DROP TRIGGER case_stamp_activity ON activity;
CREATE TRIGGER case_stamp_activity AFTER INSERT OR UPDATE OR DELETE ON activity
    FOR EACH ROW EXECUTE FUNCTION case_stamp_activity();

-- The epoch is the row with the empty id, first in the order users are stamped in.
CREATE FUNCTION case_stamp_epoch() RETURNS trigger AS $$
BEGIN
    UPDATE case_stamp SET n = n + 1 WHERE user_id = '';
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER case_stamp_participant_name AFTER UPDATE OF name ON participant
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION case_stamp_epoch();
CREATE TRIGGER case_stamp_employer_name AFTER UPDATE OF name ON employer
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION case_stamp_epoch();
CREATE TRIGGER case_stamp_course_participant AFTER UPDATE OF participant_id ON course
    FOR EACH ROW WHEN (OLD.participant_id IS DISTINCT FROM NEW.participant_id) EXECUTE FUNCTION case_stamp_epoch();

-- Min dag keeps each user's activities of the day while their stamp is unchanged
-- (docs/caseload.md, "Min dag's activities"). It lists the activities a user logged,
-- whatever course they are on, and names their participants and employers. So beside
-- what 0031 stamps: an activity stamps its owner, before and after (a colleague's course,
-- or no course at all); and a change to a name shown beside other users' activities
-- raises the epoch, which is in every stamp: a participant's name, an employer's name, a
-- course moved to another participant. Those are rare, and everything kept is read again
-- once after one.

DROP TRIGGER case_stamp_activity_insert;
DROP TRIGGER case_stamp_activity_update;
DROP TRIGGER case_stamp_activity_delete;

-- Each user once per row written, as on PostgreSQL: the course's users and the owner in
-- one statement, whose UNION drops the repeats.
CREATE TRIGGER case_stamp_activity_insert AFTER INSERT ON activity
BEGIN
    INSERT INTO case_stamp_user (user_id)
    SELECT c.job_specialist_id FROM course c WHERE c.id = NEW.course_id
    UNION SELECT p.veileder_id FROM course c JOIN participant p ON p.id = c.participant_id WHERE c.id = NEW.course_id
    UNION SELECT NEW.user_id;
END;
CREATE TRIGGER case_stamp_activity_update AFTER UPDATE ON activity
BEGIN
    INSERT INTO case_stamp_user (user_id)
    SELECT c.job_specialist_id FROM course c WHERE c.id IN (OLD.course_id, NEW.course_id)
    UNION SELECT p.veileder_id FROM course c JOIN participant p ON p.id = c.participant_id
    WHERE c.id IN (OLD.course_id, NEW.course_id)
    UNION SELECT OLD.user_id UNION SELECT NEW.user_id;
END;
CREATE TRIGGER case_stamp_activity_delete AFTER DELETE ON activity
BEGIN
    INSERT INTO case_stamp_user (user_id)
    SELECT c.job_specialist_id FROM course c WHERE c.id = OLD.course_id
    UNION SELECT p.veileder_id FROM course c JOIN participant p ON p.id = c.participant_id WHERE c.id = OLD.course_id
    UNION SELECT OLD.user_id;
END;

CREATE TRIGGER case_stamp_participant_name AFTER UPDATE OF name ON participant
WHEN OLD.name IS NOT NEW.name
BEGIN
    UPDATE case_stamp SET n = n + 1 WHERE user_id = '';
END;
CREATE TRIGGER case_stamp_employer_name AFTER UPDATE OF name ON employer
WHEN OLD.name IS NOT NEW.name
BEGIN
    UPDATE case_stamp SET n = n + 1 WHERE user_id = '';
END;
CREATE TRIGGER case_stamp_course_participant AFTER UPDATE OF participant_id ON course
WHEN OLD.participant_id IS NOT NEW.participant_id
BEGIN
    UPDATE case_stamp SET n = n + 1 WHERE user_id = '';
END;

-- What the caseload, Min dag and the alerts read of a user's courses, stamped (SQLite): a
-- number per user that every write to those courses raises in the writing transaction,
-- whoever writes (a page, the API, an import, another process), so that a server may keep
-- what it computed from them and know when it is no longer current (docs/caseload.md,
-- "Kept per user"). A course's job specialist and its participant's veileder are stamped;
-- a move of a course or a participant stamps the user it left too. The row with the empty
-- user id is the epoch: a bulk load, which runs without these triggers, raises it.

CREATE TABLE case_stamp (
    user_id TEXT PRIMARY KEY,
    n       INTEGER NOT NULL
);
INSERT INTO case_stamp (user_id, n) VALUES ('', 0);

-- SQLite has no functions in SQL, so the two ways of stamping are written once each, as what
-- an insert into a view does: the tables' triggers insert the users or courses touched.
CREATE VIEW case_stamp_user AS SELECT user_id FROM case_stamp WHERE 0;
CREATE VIEW case_stamp_course AS SELECT user_id AS course_id FROM case_stamp WHERE 0;

CREATE TRIGGER case_stamp_user_raise INSTEAD OF INSERT ON case_stamp_user WHEN NEW.user_id IS NOT NULL
BEGIN
    INSERT INTO case_stamp (user_id, n) VALUES (NEW.user_id, 1)
    ON CONFLICT (user_id) DO UPDATE SET n = n + 1;
END;

-- A course's job specialist and its participant's veileder.
CREATE TRIGGER case_stamp_course_raise INSTEAD OF INSERT ON case_stamp_course WHEN NEW.course_id IS NOT NULL
BEGIN
    INSERT INTO case_stamp_user (user_id)
    SELECT c.job_specialist_id FROM course c WHERE c.id = NEW.course_id
    UNION SELECT p.veileder_id FROM course c JOIN participant p ON p.id = c.participant_id WHERE c.id = NEW.course_id;
END;

CREATE TRIGGER case_stamp_course_phase_insert AFTER INSERT ON course_phase
BEGIN
    INSERT INTO case_stamp_course (course_id) VALUES (NEW.course_id);
END;
CREATE TRIGGER case_stamp_course_phase_update AFTER UPDATE ON course_phase
BEGIN
    INSERT INTO case_stamp_course (course_id) SELECT OLD.course_id UNION SELECT NEW.course_id;
END;
CREATE TRIGGER case_stamp_course_phase_delete AFTER DELETE ON course_phase
BEGIN
    INSERT INTO case_stamp_course (course_id) VALUES (OLD.course_id);
END;

CREATE TRIGGER case_stamp_passive_period_insert AFTER INSERT ON passive_period
BEGIN
    INSERT INTO case_stamp_course (course_id) VALUES (NEW.course_id);
END;
CREATE TRIGGER case_stamp_passive_period_update AFTER UPDATE ON passive_period
BEGIN
    INSERT INTO case_stamp_course (course_id) SELECT OLD.course_id UNION SELECT NEW.course_id;
END;
CREATE TRIGGER case_stamp_passive_period_delete AFTER DELETE ON passive_period
BEGIN
    INSERT INTO case_stamp_course (course_id) VALUES (OLD.course_id);
END;

CREATE TRIGGER case_stamp_activity_insert AFTER INSERT ON activity
BEGIN
    INSERT INTO case_stamp_course (course_id) VALUES (NEW.course_id);
END;
CREATE TRIGGER case_stamp_activity_update AFTER UPDATE ON activity
BEGIN
    INSERT INTO case_stamp_course (course_id) SELECT OLD.course_id UNION SELECT NEW.course_id;
END;
CREATE TRIGGER case_stamp_activity_delete AFTER DELETE ON activity
BEGIN
    INSERT INTO case_stamp_course (course_id) VALUES (OLD.course_id);
END;

CREATE TRIGGER case_stamp_job_insert AFTER INSERT ON job
BEGIN
    INSERT INTO case_stamp_course (course_id) VALUES (NEW.course_id);
END;
CREATE TRIGGER case_stamp_job_update AFTER UPDATE ON job
BEGIN
    INSERT INTO case_stamp_course (course_id) SELECT OLD.course_id UNION SELECT NEW.course_id;
END;
CREATE TRIGGER case_stamp_job_delete AFTER DELETE ON job
BEGIN
    INSERT INTO case_stamp_course (course_id) VALUES (OLD.course_id);
END;

CREATE TRIGGER case_stamp_measure_insert AFTER INSERT ON measure
BEGIN
    INSERT INTO case_stamp_course (course_id) VALUES (NEW.course_id);
END;
CREATE TRIGGER case_stamp_measure_update AFTER UPDATE ON measure
BEGIN
    INSERT INTO case_stamp_course (course_id) SELECT OLD.course_id UNION SELECT NEW.course_id;
END;
CREATE TRIGGER case_stamp_measure_delete AFTER DELETE ON measure
BEGIN
    INSERT INTO case_stamp_course (course_id) VALUES (OLD.course_id);
END;

CREATE TRIGGER case_stamp_followup_check_insert AFTER INSERT ON followup_check
BEGIN
    INSERT INTO case_stamp_course (course_id) VALUES (NEW.course_id);
END;
CREATE TRIGGER case_stamp_followup_check_update AFTER UPDATE ON followup_check
BEGIN
    INSERT INTO case_stamp_course (course_id) SELECT OLD.course_id UNION SELECT NEW.course_id;
END;
CREATE TRIGGER case_stamp_followup_check_delete AFTER DELETE ON followup_check
BEGIN
    INSERT INTO case_stamp_course (course_id) VALUES (OLD.course_id);
END;

CREATE TRIGGER case_stamp_outreach_attempt_insert AFTER INSERT ON outreach_attempt
BEGIN
    INSERT INTO case_stamp_course (course_id) VALUES (NEW.course_id);
END;
CREATE TRIGGER case_stamp_outreach_attempt_update AFTER UPDATE ON outreach_attempt
BEGIN
    INSERT INTO case_stamp_course (course_id) SELECT OLD.course_id UNION SELECT NEW.course_id;
END;
CREATE TRIGGER case_stamp_outreach_attempt_delete AFTER DELETE ON outreach_attempt
BEGIN
    INSERT INTO case_stamp_course (course_id) VALUES (OLD.course_id);
END;

-- A course: its job specialist and its participant's veileder, before and after.
CREATE TRIGGER case_stamp_course_insert AFTER INSERT ON course
BEGIN
    INSERT INTO case_stamp_user (user_id)
    SELECT NEW.job_specialist_id UNION SELECT v.veileder_id FROM participant v WHERE v.id = NEW.participant_id;
END;
CREATE TRIGGER case_stamp_course_update AFTER UPDATE ON course
BEGIN
    INSERT INTO case_stamp_user (user_id)
    SELECT OLD.job_specialist_id UNION SELECT v.veileder_id FROM participant v WHERE v.id = OLD.participant_id
    UNION SELECT NEW.job_specialist_id UNION SELECT v.veileder_id FROM participant v WHERE v.id = NEW.participant_id;
END;
CREATE TRIGGER case_stamp_course_delete AFTER DELETE ON course
BEGIN
    INSERT INTO case_stamp_user (user_id)
    SELECT OLD.job_specialist_id UNION SELECT v.veileder_id FROM participant v WHERE v.id = OLD.participant_id;
END;

-- A participant: their veileder and the job specialists of their courses, before and after.
CREATE TRIGGER case_stamp_participant_insert AFTER INSERT ON participant
BEGIN
    INSERT INTO case_stamp_user (user_id)
    SELECT NEW.veileder_id UNION SELECT c.job_specialist_id FROM course c WHERE c.participant_id = NEW.id;
END;
CREATE TRIGGER case_stamp_participant_update AFTER UPDATE ON participant
BEGIN
    INSERT INTO case_stamp_user (user_id)
    SELECT OLD.veileder_id UNION SELECT NEW.veileder_id
    UNION SELECT c.job_specialist_id FROM course c WHERE c.participant_id IN (OLD.id, NEW.id);
END;
CREATE TRIGGER case_stamp_participant_delete AFTER DELETE ON participant
BEGIN
    INSERT INTO case_stamp_user (user_id)
    SELECT OLD.veileder_id UNION SELECT c.job_specialist_id FROM course c WHERE c.participant_id = OLD.id;
END;

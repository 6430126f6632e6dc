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

CREATE TRIGGER case_stamp_course_phase_insert AFTER INSERT ON course_phase WHEN NEW.course_id IS NOT NULL
BEGIN
    INSERT INTO case_stamp (user_id, n)
    SELECT u, 1 FROM (SELECT c.job_specialist_id AS u FROM course c WHERE c.id IN (NEW.course_id)
        UNION SELECT p.veileder_id FROM course c JOIN participant p ON p.id = c.participant_id WHERE c.id IN (NEW.course_id))
    WHERE u IS NOT NULL
    ON CONFLICT (user_id) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER case_stamp_course_phase_update AFTER UPDATE ON course_phase
BEGIN
    INSERT INTO case_stamp (user_id, n)
    SELECT u, 1 FROM (SELECT c.job_specialist_id AS u FROM course c WHERE c.id IN (OLD.course_id, NEW.course_id)
        UNION SELECT p.veileder_id FROM course c JOIN participant p ON p.id = c.participant_id WHERE c.id IN (OLD.course_id, NEW.course_id))
    WHERE u IS NOT NULL
    ON CONFLICT (user_id) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER case_stamp_course_phase_delete AFTER DELETE ON course_phase WHEN OLD.course_id IS NOT NULL
BEGIN
    INSERT INTO case_stamp (user_id, n)
    SELECT u, 1 FROM (SELECT c.job_specialist_id AS u FROM course c WHERE c.id IN (OLD.course_id)
        UNION SELECT p.veileder_id FROM course c JOIN participant p ON p.id = c.participant_id WHERE c.id IN (OLD.course_id))
    WHERE u IS NOT NULL
    ON CONFLICT (user_id) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER case_stamp_passive_period_insert AFTER INSERT ON passive_period WHEN NEW.course_id IS NOT NULL
BEGIN
    INSERT INTO case_stamp (user_id, n)
    SELECT u, 1 FROM (SELECT c.job_specialist_id AS u FROM course c WHERE c.id IN (NEW.course_id)
        UNION SELECT p.veileder_id FROM course c JOIN participant p ON p.id = c.participant_id WHERE c.id IN (NEW.course_id))
    WHERE u IS NOT NULL
    ON CONFLICT (user_id) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER case_stamp_passive_period_update AFTER UPDATE ON passive_period
BEGIN
    INSERT INTO case_stamp (user_id, n)
    SELECT u, 1 FROM (SELECT c.job_specialist_id AS u FROM course c WHERE c.id IN (OLD.course_id, NEW.course_id)
        UNION SELECT p.veileder_id FROM course c JOIN participant p ON p.id = c.participant_id WHERE c.id IN (OLD.course_id, NEW.course_id))
    WHERE u IS NOT NULL
    ON CONFLICT (user_id) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER case_stamp_passive_period_delete AFTER DELETE ON passive_period WHEN OLD.course_id IS NOT NULL
BEGIN
    INSERT INTO case_stamp (user_id, n)
    SELECT u, 1 FROM (SELECT c.job_specialist_id AS u FROM course c WHERE c.id IN (OLD.course_id)
        UNION SELECT p.veileder_id FROM course c JOIN participant p ON p.id = c.participant_id WHERE c.id IN (OLD.course_id))
    WHERE u IS NOT NULL
    ON CONFLICT (user_id) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER case_stamp_activity_insert AFTER INSERT ON activity WHEN NEW.course_id IS NOT NULL
BEGIN
    INSERT INTO case_stamp (user_id, n)
    SELECT u, 1 FROM (SELECT c.job_specialist_id AS u FROM course c WHERE c.id IN (NEW.course_id)
        UNION SELECT p.veileder_id FROM course c JOIN participant p ON p.id = c.participant_id WHERE c.id IN (NEW.course_id))
    WHERE u IS NOT NULL
    ON CONFLICT (user_id) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER case_stamp_activity_update AFTER UPDATE ON activity
BEGIN
    INSERT INTO case_stamp (user_id, n)
    SELECT u, 1 FROM (SELECT c.job_specialist_id AS u FROM course c WHERE c.id IN (OLD.course_id, NEW.course_id)
        UNION SELECT p.veileder_id FROM course c JOIN participant p ON p.id = c.participant_id WHERE c.id IN (OLD.course_id, NEW.course_id))
    WHERE u IS NOT NULL
    ON CONFLICT (user_id) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER case_stamp_activity_delete AFTER DELETE ON activity WHEN OLD.course_id IS NOT NULL
BEGIN
    INSERT INTO case_stamp (user_id, n)
    SELECT u, 1 FROM (SELECT c.job_specialist_id AS u FROM course c WHERE c.id IN (OLD.course_id)
        UNION SELECT p.veileder_id FROM course c JOIN participant p ON p.id = c.participant_id WHERE c.id IN (OLD.course_id))
    WHERE u IS NOT NULL
    ON CONFLICT (user_id) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER case_stamp_job_insert AFTER INSERT ON job WHEN NEW.course_id IS NOT NULL
BEGIN
    INSERT INTO case_stamp (user_id, n)
    SELECT u, 1 FROM (SELECT c.job_specialist_id AS u FROM course c WHERE c.id IN (NEW.course_id)
        UNION SELECT p.veileder_id FROM course c JOIN participant p ON p.id = c.participant_id WHERE c.id IN (NEW.course_id))
    WHERE u IS NOT NULL
    ON CONFLICT (user_id) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER case_stamp_job_update AFTER UPDATE ON job
BEGIN
    INSERT INTO case_stamp (user_id, n)
    SELECT u, 1 FROM (SELECT c.job_specialist_id AS u FROM course c WHERE c.id IN (OLD.course_id, NEW.course_id)
        UNION SELECT p.veileder_id FROM course c JOIN participant p ON p.id = c.participant_id WHERE c.id IN (OLD.course_id, NEW.course_id))
    WHERE u IS NOT NULL
    ON CONFLICT (user_id) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER case_stamp_job_delete AFTER DELETE ON job WHEN OLD.course_id IS NOT NULL
BEGIN
    INSERT INTO case_stamp (user_id, n)
    SELECT u, 1 FROM (SELECT c.job_specialist_id AS u FROM course c WHERE c.id IN (OLD.course_id)
        UNION SELECT p.veileder_id FROM course c JOIN participant p ON p.id = c.participant_id WHERE c.id IN (OLD.course_id))
    WHERE u IS NOT NULL
    ON CONFLICT (user_id) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER case_stamp_measure_insert AFTER INSERT ON measure WHEN NEW.course_id IS NOT NULL
BEGIN
    INSERT INTO case_stamp (user_id, n)
    SELECT u, 1 FROM (SELECT c.job_specialist_id AS u FROM course c WHERE c.id IN (NEW.course_id)
        UNION SELECT p.veileder_id FROM course c JOIN participant p ON p.id = c.participant_id WHERE c.id IN (NEW.course_id))
    WHERE u IS NOT NULL
    ON CONFLICT (user_id) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER case_stamp_measure_update AFTER UPDATE ON measure
BEGIN
    INSERT INTO case_stamp (user_id, n)
    SELECT u, 1 FROM (SELECT c.job_specialist_id AS u FROM course c WHERE c.id IN (OLD.course_id, NEW.course_id)
        UNION SELECT p.veileder_id FROM course c JOIN participant p ON p.id = c.participant_id WHERE c.id IN (OLD.course_id, NEW.course_id))
    WHERE u IS NOT NULL
    ON CONFLICT (user_id) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER case_stamp_measure_delete AFTER DELETE ON measure WHEN OLD.course_id IS NOT NULL
BEGIN
    INSERT INTO case_stamp (user_id, n)
    SELECT u, 1 FROM (SELECT c.job_specialist_id AS u FROM course c WHERE c.id IN (OLD.course_id)
        UNION SELECT p.veileder_id FROM course c JOIN participant p ON p.id = c.participant_id WHERE c.id IN (OLD.course_id))
    WHERE u IS NOT NULL
    ON CONFLICT (user_id) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER case_stamp_followup_check_insert AFTER INSERT ON followup_check WHEN NEW.course_id IS NOT NULL
BEGIN
    INSERT INTO case_stamp (user_id, n)
    SELECT u, 1 FROM (SELECT c.job_specialist_id AS u FROM course c WHERE c.id IN (NEW.course_id)
        UNION SELECT p.veileder_id FROM course c JOIN participant p ON p.id = c.participant_id WHERE c.id IN (NEW.course_id))
    WHERE u IS NOT NULL
    ON CONFLICT (user_id) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER case_stamp_followup_check_update AFTER UPDATE ON followup_check
BEGIN
    INSERT INTO case_stamp (user_id, n)
    SELECT u, 1 FROM (SELECT c.job_specialist_id AS u FROM course c WHERE c.id IN (OLD.course_id, NEW.course_id)
        UNION SELECT p.veileder_id FROM course c JOIN participant p ON p.id = c.participant_id WHERE c.id IN (OLD.course_id, NEW.course_id))
    WHERE u IS NOT NULL
    ON CONFLICT (user_id) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER case_stamp_followup_check_delete AFTER DELETE ON followup_check WHEN OLD.course_id IS NOT NULL
BEGIN
    INSERT INTO case_stamp (user_id, n)
    SELECT u, 1 FROM (SELECT c.job_specialist_id AS u FROM course c WHERE c.id IN (OLD.course_id)
        UNION SELECT p.veileder_id FROM course c JOIN participant p ON p.id = c.participant_id WHERE c.id IN (OLD.course_id))
    WHERE u IS NOT NULL
    ON CONFLICT (user_id) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER case_stamp_outreach_attempt_insert AFTER INSERT ON outreach_attempt WHEN NEW.course_id IS NOT NULL
BEGIN
    INSERT INTO case_stamp (user_id, n)
    SELECT u, 1 FROM (SELECT c.job_specialist_id AS u FROM course c WHERE c.id IN (NEW.course_id)
        UNION SELECT p.veileder_id FROM course c JOIN participant p ON p.id = c.participant_id WHERE c.id IN (NEW.course_id))
    WHERE u IS NOT NULL
    ON CONFLICT (user_id) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER case_stamp_outreach_attempt_update AFTER UPDATE ON outreach_attempt
BEGIN
    INSERT INTO case_stamp (user_id, n)
    SELECT u, 1 FROM (SELECT c.job_specialist_id AS u FROM course c WHERE c.id IN (OLD.course_id, NEW.course_id)
        UNION SELECT p.veileder_id FROM course c JOIN participant p ON p.id = c.participant_id WHERE c.id IN (OLD.course_id, NEW.course_id))
    WHERE u IS NOT NULL
    ON CONFLICT (user_id) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER case_stamp_outreach_attempt_delete AFTER DELETE ON outreach_attempt WHEN OLD.course_id IS NOT NULL
BEGIN
    INSERT INTO case_stamp (user_id, n)
    SELECT u, 1 FROM (SELECT c.job_specialist_id AS u FROM course c WHERE c.id IN (OLD.course_id)
        UNION SELECT p.veileder_id FROM course c JOIN participant p ON p.id = c.participant_id WHERE c.id IN (OLD.course_id))
    WHERE u IS NOT NULL
    ON CONFLICT (user_id) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER case_stamp_course_insert AFTER INSERT ON course
BEGIN
    INSERT INTO case_stamp (user_id, n)
    SELECT u, 1 FROM (SELECT NEW.job_specialist_id AS u UNION SELECT v.veileder_id FROM participant v WHERE v.id = NEW.participant_id)
    WHERE u IS NOT NULL
    ON CONFLICT (user_id) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER case_stamp_course_update AFTER UPDATE ON course
BEGIN
    INSERT INTO case_stamp (user_id, n)
    SELECT u, 1 FROM (SELECT OLD.job_specialist_id AS u UNION SELECT v.veileder_id FROM participant v WHERE v.id = OLD.participant_id
        UNION SELECT NEW.job_specialist_id UNION SELECT v.veileder_id FROM participant v WHERE v.id = NEW.participant_id)
    WHERE u IS NOT NULL
    ON CONFLICT (user_id) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER case_stamp_course_delete AFTER DELETE ON course
BEGIN
    INSERT INTO case_stamp (user_id, n)
    SELECT u, 1 FROM (SELECT OLD.job_specialist_id AS u UNION SELECT v.veileder_id FROM participant v WHERE v.id = OLD.participant_id)
    WHERE u IS NOT NULL
    ON CONFLICT (user_id) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER case_stamp_participant_insert AFTER INSERT ON participant
BEGIN
    INSERT INTO case_stamp (user_id, n)
    SELECT u, 1 FROM (SELECT NEW.veileder_id AS u
        UNION SELECT c.job_specialist_id FROM course c WHERE c.participant_id IN (NEW.id))
    WHERE u IS NOT NULL
    ON CONFLICT (user_id) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER case_stamp_participant_update AFTER UPDATE ON participant
BEGIN
    INSERT INTO case_stamp (user_id, n)
    SELECT u, 1 FROM (SELECT OLD.veileder_id AS u
        UNION SELECT NEW.veileder_id
        UNION SELECT c.job_specialist_id FROM course c WHERE c.participant_id IN (OLD.id, NEW.id))
    WHERE u IS NOT NULL
    ON CONFLICT (user_id) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER case_stamp_participant_delete AFTER DELETE ON participant
BEGIN
    INSERT INTO case_stamp (user_id, n)
    SELECT u, 1 FROM (SELECT OLD.veileder_id AS u
        UNION SELECT c.job_specialist_id FROM course c WHERE c.participant_id IN (OLD.id))
    WHERE u IS NOT NULL
    ON CONFLICT (user_id) DO UPDATE SET n = n + 1;
END;

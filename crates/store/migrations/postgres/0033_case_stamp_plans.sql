-- The stamp of a row with `course_id` (migration 0031), rewritten so that PL/pgSQL may keep
-- one plan per statement for the connection. The first version looked its users up with
-- `= ANY (array)` under a UNION and a sort, for which PostgreSQL kept planning each call
-- afresh: about 0.25 ms of every activity written, the quick log's costliest statement.
-- Here each course is read by its key with a plain parameter and the users are stamped
-- from an array, as the course and participant triggers already did; a row without a
-- course stamps nobody and runs no statement. The same users are stamped, in the order
-- of their ids.

CREATE OR REPLACE FUNCTION case_stamp_course_row() RETURNS trigger AS $$
DECLARE
    users TEXT[] := ARRAY[]::TEXT[];
    specialist TEXT;
    veileder TEXT;
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        IF NEW.course_id IS NOT NULL THEN
            SELECT c.job_specialist_id, p.veileder_id INTO specialist, veileder
            FROM course c LEFT JOIN participant p ON p.id = c.participant_id WHERE c.id = NEW.course_id;
            users := ARRAY[specialist, veileder];
        END IF;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        IF OLD.course_id IS NOT NULL AND (TG_OP = 'DELETE' OR OLD.course_id IS DISTINCT FROM NEW.course_id) THEN
            SELECT c.job_specialist_id, p.veileder_id INTO specialist, veileder
            FROM course c LEFT JOIN participant p ON p.id = c.participant_id WHERE c.id = OLD.course_id;
            users := users || ARRAY[specialist, veileder];
        END IF;
    END IF;
    IF array_length(users, 1) IS NOT NULL THEN
        INSERT INTO case_stamp AS s (user_id, n)
        SELECT DISTINCT u, 1 FROM unnest(users) AS u WHERE u IS NOT NULL ORDER BY u
        ON CONFLICT (user_id) DO UPDATE SET n = s.n + 1;
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

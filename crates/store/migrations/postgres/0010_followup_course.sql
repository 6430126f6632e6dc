-- The participant page and the end report read a course's follow-up checks by course;
-- without this index each read scanned every check in the country.
CREATE INDEX followup_check_course ON followup_check (course_id, due);

-- Indexes for the caseload and Min dag (issue 17 item 5, docs/caseload.md).
--
-- The caseload shows each open course's last done activity and next planned one. With the
-- course alone in the index both look-ups read every activity of the course; with the date
-- beside it each walks from the day asked about to the first activity of the right status,
-- usually one or two. The old index's column leads the new one, so nothing that used it
-- loses.
DROP INDEX activity_course;
CREATE INDEX activity_course ON activity (course_id, local_date);

-- Min dag lists the user's planned activities that should have happened by now. Planned
-- activities are few (the coming ones and those not yet closed), so this partial index is
-- small and cheap to keep up; without it the look-up read every activity the user ever
-- logged.
CREATE INDEX activity_planned_user ON activity (user_id, start_at) WHERE status = 'planlagt';

-- K6@1 per team and ISO week, {from} to {to}, as the engine alone computes it (bench kpi).
-- Columns: kpi|team|week|value|numerator|denominator|extra. A participant is in a week's
-- denominator with a course of the team open in it, in the numerator with a paid job of
-- such a course that overlaps it too.
WITH
  monday(m0) AS (SELECT CAST(date_trunc('week', DATE '{from}') AS date)),
  period(n, label, first, last, weeks) AS (
    SELECT n, to_char(m0 + 7 * n, 'IYYY-"W"IW'), GREATEST(m0 + 7 * n, DATE '{from}'), LEAST(m0 + 7 * n + 6, DATE '{to}'),
      CAST(LEAST(m0 + 7 * n + 6, DATE '{to}') - GREATEST(m0 + 7 * n, DATE '{from}') + 1 AS double precision) / 7
    FROM monday, generate_series(0, (DATE '{to}' - m0) / 7) AS n),
  course_in(id, team_id, participant_id, start_date, end_date) AS (
    SELECT c.id, u.team_id, c.participant_id, c.start_date, c.end_date
    FROM course c JOIN app_user u ON u.id = c.job_specialist_id
    WHERE c.start_date <= DATE '{to}' AND (c.end_date IS NULL OR c.end_date >= DATE '{from}') AND u.team_id IS NOT NULL),
  open(course_id, team_id, participant_id, n, first, last) AS (
    SELECT c.id, c.team_id, c.participant_id, p.n, p.first, p.last FROM course_in c
    JOIN period p ON c.start_date <= p.last AND (c.end_date IS NULL OR c.end_date >= p.first)),
  active(team_id, n, people) AS (SELECT team_id, n, COUNT(DISTINCT participant_id) FROM open GROUP BY 1, 2),
  working(team_id, n, people) AS (
    SELECT o.team_id, o.n, COUNT(DISTINCT o.participant_id) FROM open o
    JOIN job j ON j.course_id = o.course_id AND j.form NOT IN ('jobbsmak', 'arbeidstrening') AND j.paid
      AND j.start_date <= o.last AND (j.end_date IS NULL OR j.end_date >= o.first)
    GROUP BY 1, 2)
SELECT 'K6', a.team_id, p.label, CAST(COALESCE(w.people, 0) AS double precision) / a.people * 100.0,
  COALESCE(w.people, 0), a.people, NULL
FROM active a JOIN period p USING (n) LEFT JOIN working w USING (team_id, n);

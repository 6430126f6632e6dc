-- K6@1 per team and ISO week, {from} to {to}, as the engine alone computes it (bench kpi).
-- Columns: kpi|team|week|value|numerator|denominator|extra. A participant is in a week's
-- denominator with a course of the team open in it, in the numerator with a paid job of
-- such a course that overlaps it too.
WITH RECURSIVE
  monday(m0) AS (
    SELECT date('{from}', '-' || ((CAST(strftime('%w', '{from}') AS INTEGER) + 6) % 7) || ' days')),
  week(n, monday) AS (
    SELECT 0, m0 FROM monday
    UNION ALL SELECT n + 1, date(monday, '+7 days') FROM week WHERE date(monday, '+7 days') <= '{to}'),
  period(n, label, first, last) AS (
    SELECT n,
      strftime('%Y', monday, '+3 days') || '-W'
        || printf('%02d', (CAST(strftime('%j', monday, '+3 days') AS INTEGER) - 1) / 7 + 1),
      max(monday, '{from}'), min(date(monday, '+6 days'), '{to}')
    FROM week),
  course_in(id, team_id, participant_id, start_date, end_date) AS (
    SELECT c.id, u.team_id, c.participant_id, c.start_date, c.end_date
    FROM course c JOIN app_user u ON u.id = c.job_specialist_id
    WHERE c.start_date <= '{to}' AND (c.end_date IS NULL OR c.end_date >= '{from}') AND u.team_id IS NOT NULL),
  open(course_id, team_id, participant_id, n, first, last) AS (
    SELECT c.id, c.team_id, c.participant_id, p.n, p.first, p.last FROM course_in c
    JOIN period p ON c.start_date <= p.last AND (c.end_date IS NULL OR c.end_date >= p.first)),
  active(team_id, n, people) AS (SELECT team_id, n, COUNT(DISTINCT participant_id) FROM open GROUP BY 1, 2),
  working(team_id, n, people) AS (
    SELECT o.team_id, o.n, COUNT(DISTINCT o.participant_id) FROM open o
    JOIN job j ON j.course_id = o.course_id AND j.form NOT IN ('jobbsmak', 'arbeidstrening') AND j.paid = 1
      AND j.start_date <= o.last AND (j.end_date IS NULL OR j.end_date >= o.first)
    GROUP BY 1, 2)
SELECT 'K6', a.team_id, p.label, CAST(COALESCE(w.people, 0) AS REAL) / a.people * 100.0, COALESCE(w.people, 0), a.people, NULL
FROM active a JOIN period p USING (n) LEFT JOIN working w USING (team_id, n);

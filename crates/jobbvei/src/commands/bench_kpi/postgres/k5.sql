-- K5a@1 and K5b@1 per team and ISO week, {from} to {to}, as the engine alone computes them
-- (bench kpi). Columns: kpi|team|week|value|numerator|denominator|extra (K5a: subsidised).
-- A course's first paid job is its earliest (then lowest id) paid job of a working form.
-- K5a has a value in a week when one of the team's courses was open in it.
WITH
  monday(m0) AS (SELECT CAST(date_trunc('week', DATE '{from}') AS date)),
  period(n, label, first, last, weeks) AS (
    SELECT n, to_char(m0 + 7 * n, 'IYYY-"W"IW'), GREATEST(m0 + 7 * n, DATE '{from}'), LEAST(m0 + 7 * n + 6, DATE '{to}'),
      CAST(LEAST(m0 + 7 * n + 6, DATE '{to}') - GREATEST(m0 + 7 * n, DATE '{from}') + 1 AS double precision) / 7
    FROM monday, generate_series(0, (DATE '{to}' - m0) / 7) AS n),
  fte(team_id, fte) AS (
    SELECT team_id, SUM(fte) FROM app_user
    WHERE ',' || roles || ',' LIKE '%,jobbspesialist,%' AND team_id IS NOT NULL GROUP BY team_id),
  course_in(id, team_id, participant_id, start_date, end_date) AS (
    SELECT c.id, u.team_id, c.participant_id, c.start_date, c.end_date
    FROM course c JOIN app_user u ON u.id = c.job_specialist_id
    WHERE c.start_date <= DATE '{to}' AND (c.end_date IS NULL OR c.end_date >= DATE '{from}') AND u.team_id IS NOT NULL),
  first_paid(course_id, job_id, start_date) AS (
    SELECT DISTINCT ON (j.course_id) j.course_id, j.id, j.start_date
    FROM course_in c JOIN job j ON j.course_id = c.id
    WHERE j.form NOT IN ('jobbsmak', 'arbeidstrening') AND j.paid
    ORDER BY j.course_id, j.start_date, j.id),
  k5a_people(team_id, n, participant_id, subsidised) AS (
    SELECT DISTINCT ON (c.team_id, (f.start_date - m0) / 7, c.participant_id)
      c.team_id, (f.start_date - m0) / 7, c.participant_id,
      EXISTS (SELECT 1 FROM measure m WHERE m.course_id = f.course_id AND m.job_id = f.job_id
        AND m.kind IN ('lonnstilskudd_midlertidig', 'lonnstilskudd_varig')
        AND m.status IN ('innvilget', 'aktiv', 'avsluttet'))
    FROM first_paid f JOIN course_in c ON c.id = f.course_id CROSS JOIN monday
    WHERE f.start_date BETWEEN DATE '{from}' AND DATE '{to}'
    ORDER BY c.team_id, (f.start_date - m0) / 7, c.participant_id, c.id),
  k5a(team_id, n, people, subsidised) AS (
    SELECT team_id, n, COUNT(*), COUNT(*) FILTER (WHERE subsidised) FROM k5a_people GROUP BY 1, 2),
  open(team_id, n) AS (
    SELECT DISTINCT c.team_id, p.n FROM course_in c
    JOIN period p ON c.start_date <= p.last AND (c.end_date IS NULL OR c.end_date >= p.first)),
  k5b(team_id, n, within, started) AS (
    SELECT c.team_id, (c.start_date - m0) / 7,
      COUNT(*) FILTER (WHERE f.start_date <= DATE '{to}' AND f.start_date - c.start_date BETWEEN 0 AND 365),
      COUNT(*)
    FROM course_in c CROSS JOIN monday LEFT JOIN first_paid f ON f.course_id = c.id
    WHERE c.start_date >= DATE '{from}' GROUP BY 1, 2)
SELECT 'K5a', o.team_id, p.label, COALESCE(k.people, 0) / f.fte, COALESCE(k.people, 0), f.fte, COALESCE(k.subsidised, 0)
FROM open o JOIN fte f USING (team_id) JOIN period p USING (n) LEFT JOIN k5a k USING (team_id, n)
UNION ALL
SELECT 'K5b', k.team_id, p.label, CAST(k.within AS double precision) / k.started * 100.0, k.within, k.started, NULL
FROM k5b k JOIN period p USING (n);

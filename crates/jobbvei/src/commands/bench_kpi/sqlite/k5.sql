-- K5a@1 and K5b@1 per team and ISO week, {from} to {to}, as the engine alone computes them
-- (bench kpi). Columns: kpi|team|week|value|numerator|denominator|extra (K5a: subsidised).
-- A course's first paid job is its earliest (then lowest id) paid job of a working form.
-- K5a has a value in a week when one of the team's courses was open in it.
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
  fte(team_id, fte) AS (
    SELECT team_id, SUM(fte) FROM app_user
    WHERE ',' || roles || ',' LIKE '%,jobbspesialist,%' AND team_id IS NOT NULL GROUP BY team_id),
  course_in(id, team_id, participant_id, start_date, end_date) AS (
    SELECT c.id, u.team_id, c.participant_id, c.start_date, c.end_date
    FROM course c JOIN app_user u ON u.id = c.job_specialist_id
    WHERE c.start_date <= '{to}' AND (c.end_date IS NULL OR c.end_date >= '{from}') AND u.team_id IS NOT NULL),
  paid(course_id, job_id, start_date, r) AS (
    SELECT j.course_id, j.id, j.start_date, ROW_NUMBER() OVER (PARTITION BY j.course_id ORDER BY j.start_date, j.id)
    FROM course_in c JOIN job j ON j.course_id = c.id
    WHERE j.form NOT IN ('jobbsmak', 'arbeidstrening') AND j.paid = 1),
  first_paid(course_id, job_id, start_date) AS (SELECT course_id, job_id, start_date FROM paid WHERE r = 1),
  k5a_people(team_id, n, subsidised, r) AS (
    SELECT c.team_id, CAST((julianday(f.start_date) - julianday(m0)) / 7 AS INTEGER),
      EXISTS (SELECT 1 FROM measure m WHERE m.course_id = f.course_id AND m.job_id = f.job_id
        AND m.kind IN ('lonnstilskudd_midlertidig', 'lonnstilskudd_varig')
        AND m.status IN ('innvilget', 'aktiv', 'avsluttet')),
      ROW_NUMBER() OVER (PARTITION BY c.team_id, CAST((julianday(f.start_date) - julianday(m0)) / 7 AS INTEGER), c.participant_id ORDER BY c.id)
    FROM first_paid f JOIN course_in c ON c.id = f.course_id CROSS JOIN monday
    WHERE f.start_date BETWEEN '{from}' AND '{to}'),
  k5a(team_id, n, people, subsidised) AS (
    SELECT team_id, n, COUNT(*), SUM(subsidised) FROM k5a_people WHERE r = 1 GROUP BY 1, 2),
  open(team_id, n) AS (
    SELECT DISTINCT c.team_id, p.n FROM course_in c
    JOIN period p ON c.start_date <= p.last AND (c.end_date IS NULL OR c.end_date >= p.first)),
  k5b(team_id, n, within, started) AS (
    SELECT c.team_id, CAST((julianday(c.start_date) - julianday(m0)) / 7 AS INTEGER),
      COUNT(*) FILTER (WHERE f.start_date <= '{to}'
        AND julianday(f.start_date) - julianday(c.start_date) BETWEEN 0 AND 365),
      COUNT(*)
    FROM course_in c CROSS JOIN monday LEFT JOIN first_paid f ON f.course_id = c.id
    WHERE c.start_date >= '{from}' GROUP BY 1, 2)
SELECT 'K5a', o.team_id, p.label, COALESCE(k.people, 0) / f.fte, COALESCE(k.people, 0), f.fte, COALESCE(k.subsidised, 0)
FROM open o JOIN fte f USING (team_id) JOIN period p USING (n) LEFT JOIN k5a k USING (team_id, n)
UNION ALL
SELECT 'K5b', k.team_id, p.label, CAST(k.within AS REAL) / k.started * 100.0, k.within, k.started, NULL
FROM k5b k JOIN period p USING (n);

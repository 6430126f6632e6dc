-- K3@1 per team and ISO week, {from} to {to}, as the engine alone computes it (bench kpi).
-- Columns: kpi|team|week|value|numerator|denominator|extra. A course belongs to its job
-- specialist's team; its first K1p meeting (by anyone) is looked up through activity_course.
WITH RECURSIVE
  monday(m0) AS (
    SELECT date('{from}', '-' || ((CAST(strftime('%w', '{from}') AS INTEGER) + 6) % 7) || ' days')),
  week(n, monday) AS (
    SELECT 0, m0 FROM monday
    UNION ALL SELECT n + 1, date(monday, '+7 days') FROM week WHERE date(monday, '+7 days') <= '{to}'),
  period(n, label) AS (
    SELECT n,
      strftime('%Y', monday, '+3 days') || '-W'
        || printf('%02d', (CAST(strftime('%j', monday, '+3 days') AS INTEGER) - 1) / 7 + 1)
    FROM week),
  started(team_id, n, days) AS (
    SELECT u.team_id, CAST((julianday(c.start_date) - julianday(m0)) / 7 AS INTEGER),
      julianday((SELECT MIN(a.local_date) FROM activity a
        WHERE a.course_id = c.id AND a.local_date >= c.start_date AND a.local_date <= '{to}'
          AND a.status IN ('gjennomfort', 'deltaker_uteble') AND a.kind = 'arbeidsgivermote'
          AND a.channel = 'fysisk' AND a.decision_maker = 1
          AND a.subcategory IN ('jobbutvikling', 'relasjonsbygging'))) - julianday(c.start_date)
    FROM course c JOIN app_user u ON u.id = c.job_specialist_id CROSS JOIN monday
    WHERE c.start_date BETWEEN '{from}' AND '{to}' AND (c.end_date IS NULL OR c.end_date >= '{from}')
      AND u.team_id IS NOT NULL),
  ranked(team_id, n, days, r, m) AS (
    SELECT team_id, n, days, ROW_NUMBER() OVER w, COUNT(*) OVER w FROM started WHERE days IS NOT NULL
    WINDOW w AS (PARTITION BY team_id, n ORDER BY days ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)),
  median(team_id, n, days) AS (
    SELECT team_id, n, AVG(days) FROM ranked WHERE r IN ((m + 1) / 2, (m + 2) / 2) GROUP BY 1, 2),
  cell(team_id, n, measured, started) AS (SELECT team_id, n, COUNT(days), COUNT(*) FROM started GROUP BY 1, 2)
SELECT 'K3', c.team_id, p.label, m.days, c.measured, c.started, NULL
FROM cell c JOIN period p USING (n) LEFT JOIN median m USING (team_id, n);

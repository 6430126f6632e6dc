-- K2@1 per team and ISO week, {from} to {to}, as the engine alone computes it (bench kpi).
-- Columns: kpi|team|week|value|numerator|denominator|extra. A negative or missing length
-- counts as none, as in the rule.
WITH RECURSIVE
  monday(m0) AS (
    SELECT date('{from}', '-' || ((CAST(strftime('%w', '{from}') AS INTEGER) + 6) % 7) || ' days')),
  week(n, monday) AS (
    SELECT 0, m0 FROM monday
    UNION ALL SELECT n + 1, date(monday, '+7 days') FROM week WHERE date(monday, '+7 days') <= '{to}'),
  period(n, label, weeks) AS (
    SELECT n,
      strftime('%Y', monday, '+3 days') || '-W'
        || printf('%02d', (CAST(strftime('%j', monday, '+3 days') AS INTEGER) - 1) / 7 + 1),
      (julianday(min(date(monday, '+6 days'), '{to}')) - julianday(max(monday, '{from}')) + 1) / 7.0
    FROM week),
  js(id, team_id, fte) AS (
    SELECT id, team_id, fte FROM app_user
    WHERE ',' || roles || ',' LIKE '%,jobbspesialist,%' AND team_id IS NOT NULL),
  fte(team_id, fte) AS (SELECT team_id, SUM(fte) FROM js GROUP BY team_id),
  day(team_id, local_date, k2) AS (
    SELECT js.team_id, a.local_date,
      SUM(CASE WHEN a.status IN ('gjennomfort', 'deltaker_uteble') AND a.out_of_office = 1
        THEN max(a.minutes, 0) + max(COALESCE(a.travel_to, 0), 0) + max(COALESCE(a.travel_from, 0), 0) ELSE 0 END)
    FROM js CROSS JOIN activity a
    WHERE a.user_id = js.id AND a.local_date BETWEEN '{from}' AND '{to}'
    GROUP BY js.id, a.local_date),
  cell(team_id, n, k2) AS (
    SELECT team_id, CAST((julianday(local_date) - julianday(m0)) / 7 AS INTEGER), SUM(k2)
    FROM day CROSS JOIN monday GROUP BY 1, 2)
SELECT 'K2', c.team_id, p.label, c.k2 / (2250.0 * (f.fte * p.weeks)) * 100.0, c.k2, 2250.0 * (f.fte * p.weeks), NULL
FROM cell c JOIN fte f USING (team_id) JOIN period p USING (n);

-- K1@1 per team and ISO week, {from} to {to}, as the engine alone computes it (bench kpi).
-- Columns: kpi|team|week|value|numerator|denominator|extra.
-- Weeks are cut to the report's dates; a team has a value in a week when one of its job
-- specialists logged any activity in it (a count of 0 is a value, no activity is none).
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
  day(team_id, local_date, k1) AS (
    SELECT js.team_id, a.local_date,
      COUNT(*) FILTER (WHERE a.status IN ('gjennomfort', 'deltaker_uteble') AND a.kind = 'arbeidsgivermote'
        AND a.channel = 'fysisk' AND a.decision_maker = 1 AND a.subcategory IN ('jobbutvikling', 'relasjonsbygging'))
    FROM js CROSS JOIN activity a
    WHERE a.user_id = js.id AND a.local_date BETWEEN '{from}' AND '{to}'
    GROUP BY js.id, a.local_date),
  cell(team_id, n, k1) AS (
    SELECT team_id, CAST((julianday(local_date) - julianday(m0)) / 7 AS INTEGER), SUM(k1)
    FROM day CROSS JOIN monday GROUP BY 1, 2)
SELECT 'K1', c.team_id, p.label, c.k1 / (f.fte * p.weeks), c.k1, f.fte * p.weeks, NULL
FROM cell c JOIN fte f USING (team_id) JOIN period p USING (n);

-- K2@1 per team and ISO week, {from} to {to}, as the engine alone computes it (bench kpi).
-- Columns: kpi|team|week|value|numerator|denominator|extra. A negative or missing length
-- counts as none, as in the rule.
WITH
  monday(m0) AS (SELECT CAST(date_trunc('week', DATE '{from}') AS date)),
  period(n, label, first, last, weeks) AS (
    SELECT n, to_char(m0 + 7 * n, 'IYYY-"W"IW'), GREATEST(m0 + 7 * n, DATE '{from}'), LEAST(m0 + 7 * n + 6, DATE '{to}'),
      CAST(LEAST(m0 + 7 * n + 6, DATE '{to}') - GREATEST(m0 + 7 * n, DATE '{from}') + 1 AS double precision) / 7
    FROM monday, generate_series(0, (DATE '{to}' - m0) / 7) AS n),
  js(id, team_id, fte) AS (
    SELECT id, team_id, fte FROM app_user
    WHERE ',' || roles || ',' LIKE '%,jobbspesialist,%' AND team_id IS NOT NULL),
  fte(team_id, fte) AS (SELECT team_id, SUM(fte) FROM js GROUP BY team_id),
  day(team_id, local_date, k2) AS (
    SELECT js.team_id, a.local_date,
      SUM(CASE WHEN a.status IN ('gjennomfort', 'deltaker_uteble') AND a.out_of_office
        THEN GREATEST(a.minutes, 0) + GREATEST(COALESCE(a.travel_to, 0), 0) + GREATEST(COALESCE(a.travel_from, 0), 0)
        ELSE 0 END)
    FROM js JOIN activity a ON a.user_id = js.id
    WHERE a.local_date BETWEEN DATE '{from}' AND DATE '{to}'
    GROUP BY js.id, js.team_id, a.local_date),
  cell(team_id, n, k2) AS (
    SELECT team_id, (local_date - m0) / 7, CAST(SUM(k2) AS double precision) FROM day, monday GROUP BY 1, 2)
SELECT 'K2', c.team_id, p.label, c.k2 / (2250.0 * (f.fte * p.weeks)) * 100.0, c.k2, 2250.0 * (f.fte * p.weeks), NULL
FROM cell c JOIN fte f USING (team_id) JOIN period p USING (n);

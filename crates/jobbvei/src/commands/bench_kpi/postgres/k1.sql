-- K1@1 per team and ISO week, {from} to {to}, as the engine alone computes it (bench kpi).
-- Columns: kpi|team|week|value|numerator|denominator|extra.
-- Weeks are cut to the report's dates; a team has a value in a week when one of its job
-- specialists logged any activity in it (a count of 0 is a value, no activity is none).
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
  day(team_id, local_date, k1) AS (
    SELECT js.team_id, a.local_date, COUNT(*) FILTER (WHERE a.status IN ('gjennomfort', 'deltaker_uteble') AND a.kind = 'arbeidsgivermote'
        AND a.channel = 'fysisk' AND a.decision_maker AND a.subcategory IN ('jobbutvikling', 'relasjonsbygging'))
    FROM js JOIN activity a ON a.user_id = js.id
    WHERE a.local_date BETWEEN DATE '{from}' AND DATE '{to}'
    GROUP BY js.id, js.team_id, a.local_date),
  cell(team_id, n, k1) AS (
    SELECT team_id, (local_date - m0) / 7, SUM(k1) FROM day, monday GROUP BY 1, 2)
SELECT 'K1', c.team_id, p.label, c.k1 / (f.fte * p.weeks), c.k1, f.fte * p.weeks, NULL
FROM cell c JOIN fte f USING (team_id) JOIN period p USING (n);

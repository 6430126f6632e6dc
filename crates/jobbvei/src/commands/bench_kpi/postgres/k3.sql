-- K3@1 per team and ISO week, {from} to {to}, as the engine alone computes it (bench kpi).
-- Columns: kpi|team|week|value|numerator|denominator|extra. A course belongs to its job
-- specialist's team; its first K1p meeting (by anyone) is looked up through activity_course.
WITH
  monday(m0) AS (SELECT CAST(date_trunc('week', DATE '{from}') AS date)),
  period(n, label, first, last, weeks) AS (
    SELECT n, to_char(m0 + 7 * n, 'IYYY-"W"IW'), GREATEST(m0 + 7 * n, DATE '{from}'), LEAST(m0 + 7 * n + 6, DATE '{to}'),
      CAST(LEAST(m0 + 7 * n + 6, DATE '{to}') - GREATEST(m0 + 7 * n, DATE '{from}') + 1 AS double precision) / 7
    FROM monday, generate_series(0, (DATE '{to}' - m0) / 7) AS n),
  started(team_id, n, days) AS (
    SELECT u.team_id, (c.start_date - m0) / 7,
      (SELECT MIN(a.local_date) FROM activity a
        WHERE a.course_id = c.id AND a.local_date >= c.start_date AND a.local_date <= DATE '{to}'
          AND a.status IN ('gjennomfort', 'deltaker_uteble') AND a.kind = 'arbeidsgivermote'
        AND a.channel = 'fysisk' AND a.decision_maker AND a.subcategory IN ('jobbutvikling', 'relasjonsbygging')) - c.start_date
    FROM course c JOIN app_user u ON u.id = c.job_specialist_id CROSS JOIN monday
    WHERE c.start_date BETWEEN DATE '{from}' AND DATE '{to}' AND (c.end_date IS NULL OR c.end_date >= DATE '{from}')
      AND u.team_id IS NOT NULL),
  cell(team_id, n, measured, started, median) AS (
    SELECT team_id, n, COUNT(days), COUNT(*),
      percentile_cont(0.5) WITHIN GROUP (ORDER BY days) FILTER (WHERE days IS NOT NULL)
    FROM started GROUP BY 1, 2)
SELECT 'K3', c.team_id, p.label, c.median, c.measured, c.started, NULL
FROM cell c JOIN period p USING (n);

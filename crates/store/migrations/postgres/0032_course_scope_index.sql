-- A scoped KPI load (one team, office or user) finds its courses through this index five
-- times over, once in each statement that reads the courses' periods, jobs, subsidies and
-- facts. The courses of one job specialist lie on as many heap pages as there are courses,
-- so each look-up read about 1,300 pages for a team at national scale (4 ms). With the end
-- date and the id in the index the look-up is an index-only scan: one team's year of all
-- KPIs fell from 36.9 to 25–30 ms (docs/benchmarks.md, "One team's year on PostgreSQL").
DROP INDEX course_job_specialist;
CREATE INDEX course_job_specialist ON course (job_specialist_id, start_date) INCLUDE (end_date, id);

-- Every look-up through this index names an employer (`employer_id = …`, or a join on it),
-- so the activities without one (about 64 % at national scale) need no entry. Without
-- them the index is a third of its size, and a bulk load builds it in a third of the time:
-- the sort of millions of keys that start with NULL was the slowest of all its index builds
-- (docs/benchmarks.md, "SQLite import at 150k records/s").
DROP INDEX activity_employer_status;
CREATE INDEX activity_employer_status ON activity (employer_id, status, local_date) WHERE employer_id IS NOT NULL;

-- PostgreSQL only (its trigger function for rows with a course, rewritten so that its plans
-- are kept). SQLite's triggers compile with the statement that fires them.
SELECT 1;

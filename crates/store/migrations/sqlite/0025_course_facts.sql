-- Derived facts for K3 and K8 (docs/facts.md), computed by the domain's rules from the
-- activities linked to each course. Every write of an activity, course or job updates the
-- rows it affects in the same transaction; bulk loads, restores and a new rule version
-- rebuild them whole. Derived, so never backed up: `jobbvei facts check` compares them with
-- the records. A course or job without a row has no such meeting or month.

-- K3: each course's first K1p meeting on or after its start (Europe/Oslo date).
CREATE TABLE course_fact (
    course_id TEXT PRIMARY KEY,
    first_k1p TEXT NOT NULL
) WITHOUT ROWID;

-- K8: each job's months with a done follow-up activity on its course, of the first 6 after
-- its start: bit i for month i (1 to 63).
CREATE TABLE job_fact (
    job_id          TEXT PRIMARY KEY,
    followup_months INTEGER NOT NULL
) WITHOUT ROWID;

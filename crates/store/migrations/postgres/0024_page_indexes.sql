-- Indexes for the busiest pages (issue 17 item 5, docs/benchmarks.md).
--
-- The quick log's employer list starts from the employers a user holds; without an index
-- that look-up read every employer.
CREATE INDEX employer_holder ON employer (holder_id);

-- ... and from the employers of the user's activities of the last year: covered here, so the
-- look-up reads the index only, not some 1,500 activity rows per user.
CREATE INDEX activity_user_employer ON activity (user_id, local_date, employer_id) WHERE employer_id IS NOT NULL;

-- The participant page ranks the open ads of the wished counties and occupation groups;
-- with the county alone every open ad of a county was read to find a few hundred.
CREATE INDEX job_ad_open_county_group ON job_ad (status, county, substr(styrk, 1, 2));

-- A team's members are looked up on every team-scoped page and report: `/tall` and the KPI
-- loads (`user_id IN (SELECT id FROM app_user WHERE team_id = …)`), the caseload and the
-- team lead's day. Without an index each look-up read all of the country's users (2,006 at
-- national scale, about 0.16 ms of `/tall`'s 0.75 ms).
CREATE INDEX app_user_team ON app_user (team_id);

-- Referrals made in Jobbvei (PostgreSQL): what the veileder writes beside the exchange format's
-- `referral` record, and the team lead's text on a rejection. A row here with no `referral`
-- row of the same id is a draft (utkast); sending writes the `referral` row, so exports and
-- reports only ever see sent referrals. Kept apart from `referral`, whose columns an import
-- replaces whole; none of this is exported (free text may hold what the veileder should not
-- have written, and the format has no field for it).
CREATE TABLE referral_detail (
    id               TEXT COLLATE "C" PRIMARY KEY,
    participant_id   TEXT COLLATE "C" NOT NULL REFERENCES participant (id),
    veileder_id      TEXT COLLATE "C" NOT NULL REFERENCES app_user (id),
    team_id          TEXT COLLATE "C" NOT NULL REFERENCES team (id),
    why_now          TEXT,
    wish             TEXT,
    support_needs    TEXT,
    preferred_method TEXT,
    consulted_at     TIMESTAMPTZ,
    decision_text    TEXT,
    course_id        TEXT COLLATE "C" REFERENCES course (id),
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX referral_detail_veileder ON referral_detail (veileder_id);
CREATE INDEX referral_detail_team ON referral_detail (team_id);
CREATE INDEX referral_team_sent ON referral (team_id, sent);
CREATE INDEX referral_veileder ON referral (veileder_id);

-- The handover plan written when a course ends (PostgreSQL): who follows up now, what is
-- agreed, and whether the veileder has been told. One per course: an ended course does
-- not change (DOMAIN.md §7).

CREATE TABLE course_handover (
    course_id     TEXT COLLATE "C" PRIMARY KEY REFERENCES course (id),
    follow_up_by  TEXT NOT NULL,
    agreed        TEXT NOT NULL,
    veileder_told BOOLEAN NOT NULL DEFAULT FALSE,
    created_by    TEXT COLLATE "C" NOT NULL REFERENCES app_user (id),
    created_at    TIMESTAMPTZ NOT NULL
);

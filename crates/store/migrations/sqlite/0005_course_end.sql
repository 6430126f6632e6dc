-- The handover plan written when a course ends (SQLite): who follows up now, what is
-- agreed, and whether the veileder has been told. One per course: an ended course does
-- not change (DOMAIN.md §7).

CREATE TABLE course_handover (
    course_id     TEXT PRIMARY KEY REFERENCES course (id),
    follow_up_by  TEXT NOT NULL,
    agreed        TEXT NOT NULL,
    veileder_told INTEGER NOT NULL DEFAULT 0,
    created_by    TEXT NOT NULL REFERENCES app_user (id),
    created_at    TEXT NOT NULL
);

//! The collaboration between the job specialist and the veileder (issue 11 parts 3 and 6):
//! the three-party meeting with its cooperation agreement (`agreement`, `agreement_page`,
//! `agreement_print`) and the interval reports drafted every three months of a course
//! (`interval`, `interval_page`). Each page is about one course and checks the viewer
//! against its participant (`keep::course_case`); the notices these pages send are in
//! `notify::pair`. See docs/collaboration.md.

pub(crate) mod agreement;
pub(crate) mod agreement_page;
pub(crate) mod agreement_print;
pub(crate) mod interval;
pub(crate) mod interval_page;

//! The office's employer pipeline (issue 15 part 1, docs/employer-pipeline.md): the board
//! (`board`, `filters`), what logging contact with an employer does beside the activity
//! (`contact`: the stage moves forward, a colleague holder is told), and the daily round
//! that releases relationships nobody tends and warns their holders first (`release`).

pub(crate) mod board;
pub(crate) mod contact;
pub(crate) mod filters;
pub mod release;

//! The participant: the person a course is for. Holds special-category data, so every
//! read and change of it is audited by the layers above.

use crate::codelist::PostalCode;
use crate::codes;
use crate::id::ExtId;
use crate::identity::Fnr;

codes! {
    /// Norwegian level on the CEFR-like scale NAV uses.
    pub enum NorwegianLevel {
        None = "ingen", A1 = "A1", A1Plus = "A1+", A2 = "A2", A2Plus = "A2+", B1 = "B1", B2Plus = "B2+",
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Participant {
    pub id: ExtId,
    pub name: String,
    pub fnr: Fnr,
    pub postal_code: Option<PostalCode>,
    pub birth_year: Option<i32>,
    pub norwegian_level: Option<NorwegianLevel>,
    pub interpreter: Option<bool>,
    pub veileder: Option<ExtId>,
    /// Fortrolig/strengt fortrolig adresse or skjermet: visible to owner and team lead only.
    pub confidential: Option<bool>,
}

impl Participant {
    pub fn is_confidential(&self) -> bool {
        self.confidential == Some(true)
    }
}

/// Birth years a living participant can have: the years of every other date.
pub const BIRTH_YEARS: std::ops::RangeInclusive<i32> = crate::bounds::YEARS;

//! Employers, their contacts, and the relationship a job specialist builds with them.

use crate::codes;
use crate::id::ExtId;
use crate::identity::Orgnr;

codes! {
    /// The "three cups of tea": how far the relationship has come.
    pub enum EmployerStage {
        Acquainted = "bli_kjent",
        NeedsMapped = "behov_kartlagt",
        CandidatePresented = "kandidat_presentert",
        Hired = "ansatt",
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Employer {
    pub id: ExtId,
    pub orgnr: Orgnr,
    pub name: String,
    /// Municipality number, 4 digits.
    pub municipality: Option<String>,
    pub industry: Option<String>,
    pub stage: Option<EmployerStage>,
    /// The user who holds the relationship.
    pub holder: Option<ExtId>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EmployerContact {
    pub id: ExtId,
    pub employer: ExtId,
    pub name: String,
    pub decision_maker: Option<bool>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

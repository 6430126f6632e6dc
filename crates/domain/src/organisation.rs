//! Offices, teams and users: who works where, in which role and at what FTE.

use crate::codes;
use crate::id::ExtId;

codes! {
    /// The roles of DOMAIN.md §2. Access is denied unless one of these allows it.
    pub enum Role {
        JobSpecialist = "jobbspesialist",
        MethodSupervisor = "metodeveileder",
        Veileder = "veileder",
        Leader = "leder",
        Analyst = "analytiker",
        Admin = "admin",
        Reviewer = "fagrevisor",
    }
}

codes! {
    /// The method a team works by; it decides a course's phase list.
    pub enum Method { Se = "SE", Uo = "UO", Ips = "IPS" }
}

/// A NAV office, identified by its 4-digit NAV unit number.
#[derive(Debug, Clone, PartialEq)]
pub struct Office {
    pub id: ExtId,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Team {
    pub id: ExtId,
    pub office: ExtId,
    pub name: String,
    pub method: Method,
}

#[derive(Debug, Clone, PartialEq)]
pub struct User {
    pub id: ExtId,
    pub name: String,
    /// Never empty: a user without a role could do nothing.
    pub roles: Vec<Role>,
    pub team: Option<ExtId>,
    pub fte: Fte,
    pub username: Option<String>,
}

/// Full-time equivalent, in (0, 1]. KPI denominators multiply by it, so zero is refused.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Fte(f64);

impl Fte {
    pub const FULL: Fte = Fte(1.0);

    pub fn new(value: f64) -> Option<Fte> {
        (value > 0.0 && value <= 1.0).then_some(Fte(value))
    }

    pub fn get(self) -> f64 {
        self.0
    }
}

impl Default for Fte {
    fn default() -> Self {
        Fte::FULL
    }
}

/// Checks a NAV unit number: exactly four digits.
pub fn is_unit_number(s: &str) -> bool {
    is_four_digits(s)
}

/// Checks the form of a municipality number: four digits. Not checked against a list,
/// because numbers change with municipal reforms and old records keep theirs.
pub fn is_municipality_number(s: &str) -> bool {
    is_four_digits(s)
}

fn is_four_digits(s: &str) -> bool {
    s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fte_bounds() {
        assert!(Fte::new(0.0).is_none());
        assert!(Fte::new(1.01).is_none());
        assert!(Fte::new(f64::NAN).is_none());
        assert_eq!(Fte::new(0.5).map(Fte::get), Some(0.5));
    }

    #[test]
    fn unit_numbers() {
        assert!(is_unit_number("0314"));
        assert!(!is_unit_number("314"));
        assert!(!is_unit_number("03a4"));
    }
}

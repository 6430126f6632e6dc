//! National identity numbers and organisation numbers, checked at the edge.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdentityError {
    #[error("must be exactly {0} digits")]
    Length(usize),
    #[error("contains a date that does not exist")]
    Date,
    #[error("check digit is wrong")]
    CheckDigit,
}

fn digits<const N: usize>(s: &str) -> Result<[u32; N], IdentityError> {
    let mut out = [0u32; N];
    if s.len() != N {
        return Err(IdentityError::Length(N));
    }
    for (slot, b) in out.iter_mut().zip(s.bytes()) {
        if !b.is_ascii_digit() {
            return Err(IdentityError::Length(N));
        }
        *slot = u32::from(b - b'0');
    }
    Ok(out)
}

/// The mod-11 control digit over `digits` with `weights`; `None` when the remainder gives 10,
/// which no valid number can have.
fn mod11(digits: &[u32], weights: &[u32]) -> Option<u32> {
    let sum: u32 = digits.iter().zip(weights).map(|(d, w)| d * w).sum();
    match 11 - sum % 11 {
        11 => Some(0),
        10 => None,
        k => Some(k),
    }
}

const FNR_K1: [u32; 9] = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const FNR_K2: [u32; 10] = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

/// A fødselsnummer or d-nummer with both control digits verified.
///
/// Accepted date forms: ordinary (day 1–31, month 1–12), d-nummer (day + 40),
/// NAV's synthetic test numbers (month + 40) and Skatteetaten's synthetic test
/// numbers (month + 80). Never printed in full by `Display`: use [`Fnr::masked`]
/// there and [`Fnr::as_str`] only where the full number is needed (storage, export).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Fnr(String);

impl Fnr {
    pub fn parse(s: &str) -> Result<Fnr, IdentityError> {
        let d: [u32; 11] = digits(s)?;
        let mut day = d[0] * 10 + d[1];
        let mut month = d[2] * 10 + d[3];
        if day > 40 {
            day -= 40;
        }
        month = match month {
            81..=92 => month - 80,
            41..=52 => month - 40,
            m => m,
        };
        let max_day = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            // The century lies in the individual number's rules; 29 February is let through.
            2 => 29,
            _ => return Err(IdentityError::Date),
        };
        if day == 0 || day > max_day {
            return Err(IdentityError::Date);
        }
        if mod11(&d[..9], &FNR_K1) != Some(d[9]) || mod11(&d[..10], &FNR_K2) != Some(d[10]) {
            return Err(IdentityError::CheckDigit);
        }
        Ok(Fnr(s.to_owned()))
    }

    /// Builds a valid number from its first nine digits, or `None` when no control digits exist.
    pub fn from_nine(first: &str) -> Option<Fnr> {
        let d: [u32; 9] = digits(first).ok()?;
        let k1 = mod11(&d, &FNR_K1)?;
        let mut ten = d.to_vec();
        ten.push(k1);
        let k2 = mod11(&ten, &FNR_K2)?;
        Fnr::parse(&format!("{first}{k1}{k2}")).ok()
    }

    /// The `n`th number given to an anonymised person (retention, docs/retention.md): a
    /// synthetic d-nummer (day + 40 *and* month + 80), a form Skatteetaten's test range holds
    /// and no real person has, which the demo data (month + 80 only) never uses either.
    /// `None` when `n`'s first nine digits have no control digits, or `n` is past the range
    /// (28 × 12 × 100 × 1000 numbers); the caller tries the next `n`.
    pub fn anonymised(n: u32) -> Option<Fnr> {
        let (serial, rest) = (n % 1000, n / 1000);
        let (year, rest) = (rest % 100, rest / 100);
        let (month, rest) = (81 + rest % 12, rest / 12);
        if rest >= 28 {
            return None;
        }
        Fnr::from_nine(&format!("{:02}{month:02}{year:02}{serial:03}", 41 + rest))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Birth date digits kept, the personal part hidden: `010190*****`.
    pub fn masked(&self) -> String {
        format!("{}*****", &self.0[..6])
    }
}

impl fmt::Debug for Fnr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fnr({})", self.masked())
    }
}

const ORGNR_WEIGHTS: [u32; 8] = [3, 2, 7, 6, 5, 4, 3, 2];

/// A Norwegian organisation number (9 digits, mod-11 control digit).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Orgnr(String);

impl Orgnr {
    pub fn parse(s: &str) -> Result<Orgnr, IdentityError> {
        let d: [u32; 9] = digits(s)?;
        if mod11(&d[..8], &ORGNR_WEIGHTS) != Some(d[8]) {
            return Err(IdentityError::CheckDigit);
        }
        Ok(Orgnr(s.to_owned()))
    }

    /// Completes eight digits with their control digit, or `None` when none exists.
    pub fn from_eight(first: &str) -> Option<Orgnr> {
        let d: [u32; 8] = digits(first).ok()?;
        let k = mod11(&d, &ORGNR_WEIGHTS)?;
        Some(Orgnr(format!("{first}{k}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnr_control_digits() {
        // Hand-computed: 010190 123 → k1 = 11 − (0·3+1·7+0·6+1·1+9·8+0·9+1·4+2·5+3·2) mod 11
        //   = 11 − 100 mod 11 = 11 − 1 = 10 → no valid number; individual 124 instead:
        //   sum = 100 − 6 + 8 = 102, 102 mod 11 = 3, k1 = 8.
        //   k2 over 0101901248 with 5 4 3 2 7 6 5 4 3 2: 0+4+0+2+63+0+5+8+12+16 = 110 → 0.
        let anonymised: Vec<String> = (0..200).filter_map(Fnr::anonymised).map(|f| f.as_str().to_owned()).collect();
        assert!(anonymised.len() > 100 && anonymised.iter().all(|f| f.starts_with("4181")), "{anonymised:?}");
        assert!(Fnr::anonymised(28 * 12 * 100 * 1000).is_none());
        assert!(Fnr::from_nine("010190123").is_none());
        let f = Fnr::from_nine("010190124").map(|f| f.as_str().to_owned());
        assert_eq!(f.as_deref(), Some("01019012480"));
        assert!(Fnr::parse("01019012480").is_ok());
        assert_eq!(Fnr::parse("01019012481"), Err(IdentityError::CheckDigit));
        assert_eq!(Fnr::parse("0101901248"), Err(IdentityError::Length(11)));
        assert_eq!(Fnr::parse("0101901248a"), Err(IdentityError::Length(11)));
    }

    #[test]
    fn fnr_date_forms() {
        for nine in ["410190124", "018190124", "014190124", "290290124"] {
            if let Some(f) = Fnr::from_nine(nine) {
                assert!(Fnr::parse(f.as_str()).is_ok(), "{nine}");
            }
        }
        assert!(Fnr::from_nine("320190124").is_none());
        assert!(Fnr::from_nine("011390124").is_none());
        assert!(Fnr::from_nine("310490124").is_none());
    }

    #[test]
    fn fnr_is_masked_in_debug() {
        let f = Fnr::parse("01019012480").ok();
        assert_eq!(format!("{f:?}"), "Some(Fnr(010190*****))");
    }

    #[test]
    fn orgnr_control_digit() {
        // 974760673 (Brønnøysundregistrene): 9·3+7·2+4·7+7·6+6·5+0·4+6·3+7·2 = 173,
        // 173 mod 11 = 8, 11 − 8 = 3.
        assert!(Orgnr::parse("974760673").is_ok());
        assert_eq!(Orgnr::parse("974760674"), Err(IdentityError::CheckDigit));
        assert_eq!(Orgnr::parse("97476067"), Err(IdentityError::Length(9)));
        assert_eq!(Orgnr::from_eight("97476067").map(|o| o.as_str().to_owned()).as_deref(), Some("974760673"));
    }
}

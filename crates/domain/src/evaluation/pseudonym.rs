//! The research extract's pseudonym: HMAC-SHA-256 of the national id under a key kept
//! outside the database, so that one key gives one person the same pseudonym in every
//! extract, and no one without the key can go back from it to the person.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// A key of at least [`PseudonymKey::MIN_BYTES`] bytes. Its bytes are never shown: `Debug`
/// hides them, and nothing reads them back out.
pub struct PseudonymKey(Vec<u8>);

/// A key file that is too short to key the hash safely.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the key holds {bytes} bytes; a pseudonymisation key must hold at least {} bytes", PseudonymKey::MIN_BYTES)]
pub struct KeyTooShort {
    pub bytes: usize,
}

impl PseudonymKey {
    /// SHA-256's output size: a shorter key makes the hash easier to guess than the hash
    /// itself is to break.
    pub const MIN_BYTES: usize = 32;

    pub fn new(bytes: Vec<u8>) -> Result<PseudonymKey, KeyTooShort> {
        if bytes.len() < Self::MIN_BYTES {
            return Err(KeyTooShort { bytes: bytes.len() });
        }
        Ok(PseudonymKey(bytes))
    }

    /// The pseudonym of a national id: 64 lower-case hex digits.
    pub fn pseudonym(&self, national_id: &str) -> String {
        // HMAC takes a key of any length; the length was checked in `new`.
        let Ok(mut mac) = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.0) else {
            unreachable!("HMAC accepts keys of every length")
        };
        mac.update(national_id.as_bytes());
        mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect()
    }
}

impl std::fmt::Debug for PseudonymKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PseudonymKey(hidden)")
    }
}

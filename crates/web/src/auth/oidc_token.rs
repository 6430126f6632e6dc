//! The ID token: a JWT signed with RS256 by one of the issuer's keys (its JWKS). Only RS256
//! is taken, so a token cannot choose a weaker algorithm ("none", or HS256 keyed with the
//! public key). Times are checked against the injected clock with a small leeway for clocks
//! that differ a little.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use ring::signature::{RSA_PKCS1_2048_8192_SHA256, RsaPublicKeyComponents};
use serde::Deserialize;
use serde_json::{Map, Value};

use super::secret::same;

/// How far the issuer's clock and ours may differ.
pub const LEEWAY_SECONDS: i64 = 60;

/// A JSON Web Key Set as the issuer publishes it.
#[derive(Deserialize)]
pub struct Jwks {
    keys: Vec<Jwk>,
}

#[derive(Deserialize)]
struct Jwk {
    kty: String,
    kid: Option<String>,
    #[serde(rename = "use")]
    usage: Option<String>,
    alg: Option<String>,
    n: Option<String>,
    e: Option<String>,
}

#[derive(Clone)]
struct RsaKey {
    kid: Option<String>,
    n: Vec<u8>,
    e: Vec<u8>,
}

/// The issuer's RSA signing keys, and when they were fetched.
#[derive(Clone)]
pub struct KeySet {
    keys: Vec<RsaKey>,
    pub fetched_at: DateTime<Utc>,
}

impl KeySet {
    /// Keeps the keys that may sign ID tokens; encryption keys and other types are left out.
    pub fn new(jwks: Jwks, fetched_at: DateTime<Utc>) -> KeySet {
        let keys = jwks
            .keys
            .into_iter()
            .filter(|k| k.kty == "RSA" && k.usage.as_deref().is_none_or(|u| u == "sig"))
            .filter(|k| k.alg.as_deref().is_none_or(|a| a == "RS256"))
            .filter_map(|k| {
                let n = URL_SAFE_NO_PAD.decode(k.n?).ok()?;
                let e = URL_SAFE_NO_PAD.decode(k.e?).ok()?;
                Some(RsaKey { kid: k.kid, n, e })
            })
            .collect();
        KeySet { keys, fetched_at }
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

/// Why a token was refused. Written to the log, never shown: none carries personal data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("the ID token is not a well-formed JWT")]
    Malformed,
    #[error("the ID token is not signed with RS256")]
    Algorithm,
    #[error("the ID token names a signing key the issuer does not publish")]
    UnknownKey,
    #[error("the ID token's signature does not verify")]
    BadSignature,
    #[error("the ID token is from another issuer")]
    Issuer,
    #[error("the ID token is for another client")]
    Audience,
    #[error("the ID token has expired")]
    Expired,
    #[error("the ID token is issued in the future")]
    NotYetIssued,
    #[error("the ID token's nonce does not match the sign-in")]
    Nonce,
}

#[derive(Deserialize)]
struct Header {
    alg: String,
    kid: Option<String>,
}

/// A JWT split up, its signature not yet checked.
pub struct Jwt {
    kid: Option<String>,
    signed: Vec<u8>,
    signature: Vec<u8>,
    pub claims: Map<String, Value>,
}

pub fn parse(token: &str) -> Result<Jwt, TokenError> {
    let mut parts = token.split('.');
    let (Some(header), Some(payload), Some(signature), None) = (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(TokenError::Malformed);
    };
    let json = |part: &str| URL_SAFE_NO_PAD.decode(part).map_err(|_| TokenError::Malformed);
    let header: Header = serde_json::from_slice(&json(header)?).map_err(|_| TokenError::Malformed)?;
    if header.alg != "RS256" {
        return Err(TokenError::Algorithm);
    }
    let claims = serde_json::from_slice(&json(payload)?).map_err(|_| TokenError::Malformed)?;
    let signed = token.rsplit_once('.').map(|(s, _)| s.as_bytes().to_vec()).unwrap_or_default();
    Ok(Jwt { kid: header.kid, signed, signature: json(signature)?, claims })
}

impl Jwt {
    /// Checks the signature against the key the token names; a token without a key id may
    /// be signed by any of the issuer's keys.
    pub fn verify(&self, keys: &KeySet) -> Result<(), TokenError> {
        let candidates: Vec<&RsaKey> = match &self.kid {
            Some(kid) => keys.keys.iter().filter(|k| k.kid.as_ref() == Some(kid)).collect(),
            None => keys.keys.iter().collect(),
        };
        if candidates.is_empty() {
            return Err(TokenError::UnknownKey);
        }
        let verifies = |k: &&RsaKey| {
            RsaPublicKeyComponents { n: &k.n, e: &k.e }
                .verify(&RSA_PKCS1_2048_8192_SHA256, &self.signed, &self.signature)
                .is_ok()
        };
        if candidates.iter().any(verifies) { Ok(()) } else { Err(TokenError::BadSignature) }
    }

    /// Checks who issued the token, for whom, when, and for which sign-in.
    pub fn check_claims(
        &self,
        issuer: &str,
        client_id: &str,
        nonce: &str,
        now: DateTime<Utc>,
    ) -> Result<(), TokenError> {
        let text = |name: &str| self.claims.get(name).and_then(Value::as_str);
        if text("iss") != Some(issuer) {
            return Err(TokenError::Issuer);
        }
        let audiences: Vec<&str> = match self.claims.get("aud") {
            Some(Value::String(a)) => vec![a.as_str()],
            Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        // With several audiences the authorized party must be us (OpenID Connect Core 3.1.3.7).
        let azp_ok = match text("azp") {
            Some(azp) => azp == client_id,
            None => audiences.len() == 1,
        };
        if !audiences.contains(&client_id) || !azp_ok {
            return Err(TokenError::Audience);
        }
        let now = now.timestamp();
        let number = |name: &str| self.claims.get(name).and_then(Value::as_i64);
        if number("exp").is_none_or(|exp| now >= exp + LEEWAY_SECONDS) {
            return Err(TokenError::Expired);
        }
        if number("iat").is_none_or(|iat| iat > now + LEEWAY_SECONDS) {
            return Err(TokenError::NotYetIssued);
        }
        if !text("nonce").is_some_and(|n| same(n, nonce)) {
            return Err(TokenError::Nonce);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An unsigned token with these claims: the claim checks do not look at the signature.
    fn jwt(claims: Value) -> Jwt {
        let Value::Object(claims) = claims else { panic!("claims are an object") };
        Jwt { kid: None, signed: Vec::new(), signature: Vec::new(), claims }
    }

    const NOW: i64 = 1_732_000_000;

    fn check(claims: Value) -> Result<(), TokenError> {
        jwt(claims).check_claims("https://issuer", "jobbvei", "n1", DateTime::from_timestamp(NOW, 0).unwrap())
    }

    fn claims(exp: i64, iat: i64) -> Value {
        serde_json::json!({"iss": "https://issuer", "aud": "jobbvei", "exp": exp, "iat": iat, "nonce": "n1"})
    }

    #[test]
    fn times_have_a_minute_of_leeway() {
        assert_eq!(check(claims(NOW + 300, NOW)), Ok(()));
        // Expired 59 s ago is within the leeway; 60 s is not.
        assert_eq!(check(claims(NOW - 59, NOW - 400)), Ok(()));
        assert_eq!(check(claims(NOW - 60, NOW - 400)), Err(TokenError::Expired));
        assert_eq!(check(claims(NOW + 300, NOW + 60)), Ok(()));
        assert_eq!(check(claims(NOW + 300, NOW + 61)), Err(TokenError::NotYetIssued));
        assert_eq!(
            check(serde_json::json!({"iss": "https://issuer", "aud": "jobbvei", "nonce": "n1"})),
            Err(TokenError::Expired)
        );
    }

    #[test]
    fn issuer_audience_and_nonce_must_match() {
        let mut c = claims(NOW + 300, NOW);
        c["iss"] = "https://issuer/".into();
        assert_eq!(check(c), Err(TokenError::Issuer));
        let mut c = claims(NOW + 300, NOW);
        c["aud"] = serde_json::json!(["annen", "jobbvei"]);
        assert_eq!(check(c.clone()), Err(TokenError::Audience), "several audiences need azp");
        c["azp"] = "jobbvei".into();
        assert_eq!(check(c), Ok(()));
        let mut c = claims(NOW + 300, NOW);
        c["nonce"] = "n2".into();
        assert_eq!(check(c), Err(TokenError::Nonce));
    }

    #[test]
    fn only_rs256_jwts_parse() {
        let part = |v: Value| URL_SAFE_NO_PAD.encode(v.to_string());
        let body = part(claims(NOW, NOW));
        let none = format!("{}.{body}.", part(serde_json::json!({"alg": "none"})));
        assert!(matches!(parse(&none), Err(TokenError::Algorithm)));
        let hs = format!("{}.{body}.c2ln", part(serde_json::json!({"alg": "HS256"})));
        assert!(matches!(parse(&hs), Err(TokenError::Algorithm)));
        assert!(matches!(parse("a.b"), Err(TokenError::Malformed)));
        let rs = format!("{}.{body}.c2ln", part(serde_json::json!({"alg": "RS256", "kid": "k1"})));
        let jwt = parse(&rs).unwrap();
        assert_eq!(jwt.signature, b"sig");
        assert_eq!(
            jwt.verify(&KeySet { keys: Vec::new(), fetched_at: DateTime::default() }),
            Err(TokenError::UnknownKey)
        );
    }
}

//! PKCE (RFC 7636, S256) and the `state` / `nonce` values, from `oauth2`'s generators (the
//! operating system's CSPRNG).

use oauth2::{CsrfToken, PkceCodeChallenge, PkceCodeVerifier};

/// A random URL-safe string from `bytes` random bytes.
pub fn random_token(bytes: u32) -> String {
    CsrfToken::new_random_len(bytes).into_secret()
}

/// A PKCE verifier (43 characters) and its S256 challenge.
pub struct Pkce {
    /// The secret sent with the code redemption.
    pub verifier: PkceCodeVerifier,
    /// `BASE64URL(SHA-256(verifier))`, sent with the authorize request.
    pub challenge: PkceCodeChallenge,
}

impl Pkce {
    /// A fresh pair (32 random bytes: a 43-character verifier).
    pub fn new() -> Pkce {
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        Pkce {
            verifier,
            challenge,
        }
    }
}

impl Default for Pkce {
    fn default() -> Self {
        Pkce::new()
    }
}

/// `BASE64URL(SHA256(verifier))`.
pub fn challenge_of(verifier: &str) -> String {
    let verifier = PkceCodeVerifier::new(verifier.to_owned());
    PkceCodeChallenge::from_code_verifier_sha256(&verifier)
        .as_str()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7636_appendix_b_vector() {
        assert_eq!(
            challenge_of("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn verifiers_are_long_and_unique() {
        let a = Pkce::new();
        let b = Pkce::new();
        assert_eq!(a.verifier.secret().len(), 43);
        assert_ne!(a.verifier.secret(), b.verifier.secret());
        assert_eq!(a.challenge.as_str(), challenge_of(a.verifier.secret()));
        assert_eq!(a.challenge.method().as_str(), "S256");
    }

    #[test]
    fn state_and_nonce_are_url_safe_and_unique() {
        let (a, b) = (random_token(16), random_token(16));
        assert_eq!(a.len(), 22);
        assert_ne!(a, b);
        assert!(a
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
    }
}

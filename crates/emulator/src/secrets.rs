//! Random values and one-way hashes for everything secret the emulator handles: PINs, QR
//! secrets, codes and refresh tokens. Nothing here is ever logged.

use rand::RngExt;
use sha2::{Digest, Sha256};

/// `count` random bytes from the operating system's CSPRNG (never from the seedable RNG).
pub fn random_bytes(count: usize) -> Vec<u8> {
    let mut buf = vec![0u8; count];
    rand::rng().fill(&mut buf[..]);
    buf
}

/// A random string of `len` decimal digits.
pub fn random_digits(len: usize) -> String {
    let mut rng = rand::rng();
    (0..len)
        .map(|_| char::from(b'0' + rng.random_range(0..10u8)))
        .collect()
}

/// A random URL-safe opaque token (for codes, refresh tokens, device codes).
pub fn random_token(bytes: usize) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(random_bytes(bytes))
}

/// A random salt, hex-encoded.
pub fn new_salt() -> String {
    hex(&random_bytes(16))
}

/// SHA-256 of `salt:secret`, hex-encoded: what the emulator stores instead of a secret.
pub fn salted_hash(salt: &str, secret: &str) -> String {
    let mut h = Sha256::new();
    h.update(salt.as_bytes());
    h.update(b":");
    h.update(secret.as_bytes());
    hex(&h.finalize())
}

/// SHA-256 of a secret without salt, hex-encoded. Used as a lookup key for high-entropy
/// values (refresh tokens, codes) where a salt would prevent lookup.
pub fn lookup_hash(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

/// Constant-time-ish comparison of two hex digests.
pub fn digest_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Lowercase hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A secret stored as salt + hash.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Hashed {
    /// Random per-secret salt.
    pub salt: String,
    /// `salted_hash(salt, secret)`.
    pub hash: String,
}

impl Hashed {
    /// Hashes `secret` with a fresh salt.
    pub fn new(secret: &str) -> Self {
        let salt = new_salt();
        let hash = salted_hash(&salt, secret);
        Self { salt, hash }
    }

    /// Whether `candidate` is the secret this was made from.
    pub fn matches(&self, candidate: &str) -> bool {
        digest_eq(&salted_hash(&self.salt, candidate), &self.hash)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_differ_by_salt() {
        let a = Hashed::new("48302917");
        let b = Hashed::new("48302917");
        assert!(a.matches("48302917"));
        assert!(!a.matches("48302918"));
        assert_ne!(a.hash, b.hash);
        assert!(!a.hash.contains("48302917"));
        assert_eq!(random_digits(12).len(), 12);
        assert!(random_digits(12).chars().all(|c| c.is_ascii_digit()));
    }
}

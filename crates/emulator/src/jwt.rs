//! RS256 JSON Web Tokens: the emulator's signing key, token minting and verification, and
//! the JWKS document that publishes the public key.

use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::{KeySize, PublicKeyComponents};
use aws_lc_rs::signature::{self, KeyPair, RsaKeyPair};
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use base64::Engine;
use serde_json::{json, Value};

use crate::EmulatorError;

/// The tenant's token-signing key (generated at start, never persisted).
pub struct SigningKey {
    key: RsaKeyPair,
    kid: String,
    n: Vec<u8>,
    e: Vec<u8>,
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKey")
            .field("kid", &self.kid)
            .finish()
    }
}

/// Why a presented token was not accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenProblem {
    /// Not three base64url parts of JSON.
    Malformed,
    /// Signature does not verify with the emulator's key.
    BadSignature,
}

impl SigningKey {
    /// Generates a fresh 2048-bit RSA key.
    pub fn generate() -> Result<Self, EmulatorError> {
        let key = RsaKeyPair::generate(KeySize::Rsa2048)
            .map_err(|_| EmulatorError::Crypto("RSA key generation failed".into()))?;
        let comps: PublicKeyComponents<Vec<u8>> = key.public_key().into();
        let thumb = crate::secrets::lookup_hash(&B64URL.encode(&comps.n));
        let kid = B64URL.encode(&thumb.as_bytes()[..20]);
        Ok(Self {
            key,
            kid,
            n: comps.n,
            e: comps.e,
        })
    }

    /// The key id (`kid`, also sent as `x5t` like Entra does).
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// Signs `claims` as a compact RS256 JWT.
    pub fn sign(&self, claims: &Value) -> Result<String, EmulatorError> {
        let header = json!({"typ": "JWT", "alg": "RS256", "x5t": self.kid, "kid": self.kid});
        let input = format!(
            "{}.{}",
            B64URL.encode(header.to_string()),
            B64URL.encode(claims.to_string())
        );
        let mut sig = vec![0u8; self.key.public_modulus_len()];
        self.key
            .sign(
                &signature::RSA_PKCS1_SHA256,
                &SystemRandom::new(),
                input.as_bytes(),
                &mut sig,
            )
            .map_err(|_| EmulatorError::Crypto("RS256 signing failed".into()))?;
        Ok(format!("{input}.{}", B64URL.encode(sig)))
    }

    /// Verifies the signature of a compact JWT and returns its claims.
    pub fn verify(&self, token: &str) -> Result<Value, TokenProblem> {
        let mut parts = token.split('.');
        let (Some(h), Some(p), Some(s), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(TokenProblem::Malformed);
        };
        let header: Value = decode_part(h)?;
        if header.get("alg").and_then(Value::as_str) != Some("RS256") {
            return Err(TokenProblem::BadSignature);
        }
        let sig = B64URL.decode(s).map_err(|_| TokenProblem::Malformed)?;
        let public = signature::RsaPublicKeyComponents {
            n: &self.n,
            e: &self.e,
        };
        let input = format!("{h}.{p}");
        public
            .verify(
                &signature::RSA_PKCS1_2048_8192_SHA256,
                input.as_bytes(),
                &sig,
            )
            .map_err(|_| TokenProblem::BadSignature)?;
        decode_part(p)
    }

    /// The JWKS document (`{"keys":[…]}`) published at the `jwks_uri`.
    pub fn jwks(&self, issuer: &str) -> Value {
        json!({"keys": [{
            "kty": "RSA",
            "use": "sig",
            "alg": "RS256",
            "kid": self.kid,
            "x5t": self.kid,
            "n": B64URL.encode(&self.n),
            "e": B64URL.encode(&self.e),
            "issuer": issuer,
        }]})
    }
}

fn decode_part(part: &str) -> Result<Value, TokenProblem> {
    let bytes = B64URL.decode(part).map_err(|_| TokenProblem::Malformed)?;
    serde_json::from_slice(&bytes).map_err(|_| TokenProblem::Malformed)
}

/// Decodes the claims of a JWT without checking anything (for tests and diagnostics).
pub fn peek_claims(token: &str) -> Option<Value> {
    decode_part(token.split('.').nth(1)?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs_and_verifies() {
        let key = SigningKey::generate().expect("key");
        let token = key.sign(&json!({"sub": "x", "n": 1})).expect("sign");
        let claims = key.verify(&token).expect("verify");
        assert_eq!(claims["sub"], "x");
        let mut tampered = token.clone();
        tampered.insert(tampered.len() - 5, 'A');
        assert!(key.verify(&tampered).is_err());
        assert_eq!(key.verify("a.b"), Err(TokenProblem::Malformed));
        let other = SigningKey::generate().expect("key");
        assert_eq!(other.verify(&token), Err(TokenProblem::BadSignature));
        assert_eq!(key.jwks("i")["keys"][0]["kid"], key.kid());
    }
}

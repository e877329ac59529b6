//! `--tls`: a freshly generated CA and a `localhost`/`127.0.0.1` server certificate signed
//! by it (rcgen), the CA written as PEM for clients to trust, and the rustls server config.

use std::net::{IpAddr, Ipv4Addr};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair, KeyUsagePurpose,
    SanType,
};
use rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};

use crate::EmulatorError;

/// The generated TLS material.
pub struct TlsSetup {
    /// The server config for tokio-rustls.
    pub config: Arc<rustls::ServerConfig>,
    /// The CA certificate (PEM) clients must trust.
    pub ca_pem: String,
    /// Where the CA certificate was written.
    pub ca_path: PathBuf,
}

fn crypto(e: rcgen::Error) -> EmulatorError {
    EmulatorError::Tls(e.to_string())
}

/// Generates the CA and server certificate and writes the CA to `ca_path` (or a file in the
/// temp dir named after the port).
pub fn setup(ca_path: Option<&Path>, port: u16) -> Result<TlsSetup, EmulatorError> {
    let ca_key = KeyPair::generate().map_err(crypto)?;
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).map_err(crypto)?;
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "qrstation emulator local CA");
    ca_params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    let ca = CertifiedIssuer::self_signed(ca_params, ca_key).map_err(crypto)?;

    let leaf_key = KeyPair::generate().map_err(crypto)?;
    let mut leaf_params = CertificateParams::new(Vec::<String>::new()).map_err(crypto)?;
    leaf_params
        .distinguished_name
        .push(DnType::CommonName, "localhost");
    leaf_params.subject_alt_names = vec![
        SanType::DnsName("localhost".try_into().map_err(crypto)?),
        SanType::IpAddress(IpAddr::V4(Ipv4Addr::LOCALHOST)),
    ];
    let leaf = leaf_params.signed_by(&leaf_key, &ca).map_err(crypto)?;

    let ca_pem = ca.pem();
    let ca_path = ca_path
        .map(Path::to_path_buf)
        .unwrap_or_else(|| std::env::temp_dir().join(format!("qrstation-emulator-ca-{port}.pem")));
    std::fs::write(&ca_path, &ca_pem).map_err(|source| EmulatorError::CaFile {
        path: ca_path.display().to_string(),
        source,
    })?;

    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(leaf_key.serialize_der()));
    let chain = vec![leaf.der().clone(), ca.der().clone()];
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| EmulatorError::Tls(e.to_string()))?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .map_err(|e| EmulatorError::Tls(e.to_string()))?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(TlsSetup {
        config: Arc::new(config),
        ca_pem,
        ca_path,
    })
}

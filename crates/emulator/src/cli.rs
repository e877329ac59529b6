//! The standalone emulator's command line (`qrstation emulator serve` and the
//! `qrstation-emulator` binary share [`ServeArgs`]) and [`serve`], which runs until Ctrl-C.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;

use crate::config::{Compat, EmulatorConfig, Seed};
use crate::{Emulator, EmulatorError};

/// Flags of `emulator serve`. Every flag is documented in `docs/emulator.md`.
#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    /// TCP port to listen on (0 picks a free one; the URL is printed).
    #[arg(long, env = "QRSTATION_EMULATOR_PORT", default_value_t = 0)]
    pub port: u16,
    /// Address to bind (loopback by default).
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    pub bind: IpAddr,
    /// Tenant to start with when there is no state file yet.
    #[arg(long, value_enum, default_value_t = Seed::Demo)]
    pub seed: Seed,
    /// JSON file to persist the tenant in across restarts (PINs and QR secrets only hashed).
    #[arg(long, value_name = "FILE", env = "QRSTATION_EMULATOR_STATE")]
    pub state: Option<PathBuf>,
    /// Delay every response by N milliseconds.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub latency_ms: u64,
    /// Answer Graph with 429 + Retry-After above N requests per second.
    #[arg(long, value_name = "N")]
    pub throttle_rps: Option<u32>,
    /// Probability (0..1) of an injected 503, slow response or dropped connection per Graph request.
    #[arg(long, value_name = "P", default_value_t = 0.0)]
    pub fault_rate: f64,
    /// Probability (0..1) that a Graph request is carried out but its response is lost.
    #[arg(long, value_name = "P", default_value_t = 0.0)]
    pub lost_rate: f64,
    /// Probability (0..1) that one request inside a $batch is answered 429 or 503.
    #[arg(long, value_name = "P", default_value_t = 0.0)]
    pub item_fault_rate: f64,
    /// Add N synthetic workers (worker0001@…) to the demo seed, for bulk runs.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub extra_users: usize,
    /// Seed of the fault-injection RNG, for reproducible runs.
    #[arg(long, value_name = "N")]
    pub rng_seed: Option<u64>,
    /// Reject what the docs call required but lenient clients omit (see docs/emulator.md).
    #[arg(long)]
    pub strict: bool,
    /// Serve HTTPS with a generated self-signed CA (written to --ca-cert).
    #[arg(long)]
    pub tls: bool,
    /// Where to write the CA certificate with --tls (default: a file in the temp dir).
    #[arg(long, value_name = "FILE")]
    pub ca_cert: Option<PathBuf>,
    /// Serve the test hooks under /_emulator/ (never enable on a shared machine).
    #[arg(long)]
    pub hooks: bool,
    /// Doc-contradiction switches as JSON, e.g. '{"policyPatchStatus":200}' (see docs/emulator.md).
    #[arg(long, value_name = "JSON", value_parser = parse_compat)]
    pub compat: Option<Compat>,
    /// For N ms after a write to a user's method, reads of it return the state from before.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub replica_lag_ms: u64,
    /// Seconds between device-code polls the emulator asks clients for.
    #[arg(long, value_name = "SECS", default_value_t = 5)]
    pub device_code_interval: u64,
}

impl ServeArgs {
    /// The emulator configuration these flags describe.
    pub fn to_config(&self) -> EmulatorConfig {
        EmulatorConfig {
            bind: SocketAddr::new(self.bind, self.port),
            seed: self.seed,
            hooks: self.hooks,
            latency_ms: self.latency_ms,
            throttle_rps: self.throttle_rps,
            fault_rate: self.fault_rate,
            lost_rate: self.lost_rate,
            item_fault_rate: self.item_fault_rate,
            extra_users: self.extra_users,
            rng_seed: self.rng_seed,
            strict: self.strict,
            tls: self.tls,
            ca_cert_path: self.ca_cert.clone(),
            state_file: self.state.clone(),
            device_code_interval: self.device_code_interval,
            compat: self.compat.clone().unwrap_or_default(),
            replica_lag_ms: self.replica_lag_ms,
            ..EmulatorConfig::default()
        }
    }
}

fn parse_compat(s: &str) -> Result<Compat, String> {
    serde_json::from_str(s).map_err(|e| format!("invalid --compat JSON: {e}"))
}

/// Runs an emulator until Ctrl-C. Prints `listening on URL` (and the CA file with `--tls`)
/// to stdout so scripts can pick the URL up.
pub async fn serve(args: ServeArgs) -> Result<(), EmulatorError> {
    let emulator = Emulator::start(args.to_config()).await?;
    println!("qrstation emulator listening on {}", emulator.base_url());
    println!("authority: {}", emulator.authority("organizations"));
    if let Some(ca) = emulator.ca_cert_path() {
        println!("CA certificate: {}", ca.display());
    }
    if args.hooks {
        println!(
            "test hooks enabled under {}/_emulator/",
            emulator.base_url()
        );
        if !args.bind.is_loopback() {
            tracing::warn!("test hooks are reachable from other machines: anyone there can reset the tenant or mint tokens");
        }
    }
    tokio::signal::ctrl_c()
        .await
        .map_err(EmulatorError::Signal)?;
    emulator.shutdown().await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        serve: ServeArgs,
    }

    #[test]
    fn parses_every_flag() {
        let cli = Cli::parse_from([
            "x",
            "--port",
            "8123",
            "--seed",
            "empty",
            "--state",
            "s.json",
            "--latency-ms",
            "5",
            "--throttle-rps",
            "3",
            "--fault-rate",
            "0.2",
            "--rng-seed",
            "9",
            "--strict",
            "--tls",
            "--hooks",
            "--ca-cert",
            "ca.pem",
            "--compat",
            r#"{"policyPatchStatus":200,"missingMethodCode":"Request_ResourceNotFound","batchMethodWrites":"refuse405"}"#,
            "--replica-lag-ms",
            "250",
        ]);
        let c = cli.serve.to_config();
        assert_eq!(c.bind.port(), 8123);
        assert_eq!(c.seed, Seed::Empty);
        assert_eq!(c.throttle_rps, Some(3));
        assert_eq!(c.rng_seed, Some(9));
        assert!(c.strict && c.tls && c.hooks);
        assert_eq!(c.state_file, Some(PathBuf::from("s.json")));
        assert_eq!(c.latency_ms, 5);
        assert_eq!(c.compat.policy_patch_status, 200);
        assert_eq!(
            c.compat.pin_reset_status, 201,
            "unnamed switches keep their defaults"
        );
        assert!((c.fault_rate - 0.2).abs() < f64::EPSILON);
        assert_eq!(c.replica_lag_ms, 250);
        assert_eq!(
            c.compat.missing_method_code,
            crate::MissingMethodCode::RequestResourceNotFound
        );
        assert_eq!(
            c.compat.batch_method_writes,
            crate::BatchMethodWrites::Refuse405
        );
        assert!(c.compat.mfa_freshness && c.compat.replace_inactive_method);
    }

    #[test]
    fn bad_switch_values_are_refused() {
        assert!(parse_compat(r#"{"qrImageFormat":"gif"}"#).is_err());
        assert!(parse_compat(r#"{"pinResetBody":"noODataType","unknownKey":1}"#).is_ok());
    }
}

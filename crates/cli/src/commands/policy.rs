//! `qrstation policy show`: the tenant's QR code + PIN authentication method policy.

use qrstation_core::{connect::MethodState, Station};

use super::json;
use crate::args::*;
use crate::error::CliError;

/// `policy show`.
pub async fn run(g: &Global, st: &Station, command: PolicyCommand) -> Result<(), CliError> {
    match command {
        PolicyCommand::Show => {
            let p = st
                .graph()
                .get_policy()
                .await
                .map_err(qrstation_core::CoreError::from)?;
            let view = serde_json::json!({
                "state": match p.state {
                    Some(MethodState::Enabled) => "enabled",
                    Some(MethodState::Disabled) => "disabled",
                    _ => "unknown",
                },
                "pinLength": p.pin_length,
                "standardQRCodeLifetimeInDays": p.standard_qr_code_lifetime_in_days,
            });
            if g.json {
                return json(&view);
            }
            println!(
                "state:                 {}",
                view["state"].as_str().unwrap_or("")
            );
            println!(
                "PIN length (minimum):  {}",
                p.pin_length.map_or("default".into(), |n| n.to_string())
            );
            println!(
                "badge lifetime (days): {}",
                p.standard_qr_code_lifetime_in_days
                    .map_or("default".into(), |n| n.to_string())
            );
            Ok(())
        }
    }
}

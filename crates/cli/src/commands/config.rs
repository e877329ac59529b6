//! `qrstation config show` (the effective configuration and where each value came from) and
//! `qrstation config check FILE` (validates a policy file before IT ships it).

use std::path::Path;

use qrstation_core::policy::{self, Effective, Source};

use super::json;
use crate::args::ConfigCommand;
use crate::args::Global;
use crate::error::CliError;

/// Runs `config show` or `config check`.
pub fn run(g: &Global, data_dir: &Path, command: ConfigCommand) -> Result<(), CliError> {
    match command {
        ConfigCommand::Show => show(g, data_dir),
        ConfigCommand::Check { file } => check(g, &file),
    }
}

fn show(g: &Global, data_dir: &Path) -> Result<(), CliError> {
    let e = Effective::load(data_dir)?;
    let config = e.config();
    if g.json {
        return json(config);
    }
    match &config.policy_file {
        Some(p) => println!("policy file: {p}"),
        None => println!(
            "policy file: none ({} does not exist)",
            policy::machine_path().display()
        ),
    }
    let width = config.values.iter().map(|v| v.key.len()).max().unwrap_or(0);
    for v in &config.values {
        let source = match (v.source, v.locked) {
            (Source::Policy, true) => "policy, locked",
            (Source::Policy, false) => "policy",
            (Source::User, _) => "user",
            (Source::Default, _) => "default",
        };
        println!("{:width$}  {}  ({source})", v.key, v.value);
    }
    Ok(())
}

fn check(g: &Global, file: &Path) -> Result<(), CliError> {
    match policy::file::check_file(file) {
        Ok(p) => {
            let keys = p.entries().count();
            let locked = p.entries().filter(|(_, e)| e.locked).count();
            if g.json {
                return json(&serde_json::json!({
                    "valid": true, "keys": keys, "locked": locked, "problems": [],
                }));
            }
            println!(
                "{} is a valid policy: {keys} keys, {locked} locked",
                file.display()
            );
            Ok(())
        }
        Err(qrstation_core::CoreError::PolicyInvalid { path, problems }) => {
            if g.json {
                json(&serde_json::json!({"valid": false, "problems": problems}))?;
            } else {
                for p in &problems {
                    println!("{}: {}", p.key, p.reason);
                }
            }
            Err(qrstation_core::CoreError::PolicyInvalid { path, problems }.into())
        }
        Err(e) => Err(e.into()),
    }
}

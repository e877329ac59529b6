// The command names of `src/contract.rs`, read from its text: shared by `build.rs` (which
// cannot import the crate) and the test that checks the reading matches the table.

/// Every `module::name(` entry of the contract table, in order.
pub fn contract_names(contract_rs: &str) -> Vec<String> {
    contract_rs
        .lines()
        .map(str::trim)
        .filter_map(|line| {
            let (path, _) = line.split_once('(')?;
            let (module, name) = path.split_once("::")?;
            let ident = |s: &str| !s.is_empty() && s.chars().all(|c| c == '_' || c.is_ascii_lowercase() || c.is_ascii_digit());
            (module.ends_with("commands") && ident(module) && ident(name) && line.ends_with(';'))
                .then(|| name.to_owned())
        })
        .collect()
}

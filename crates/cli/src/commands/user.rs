//! `qrstation whoami` and `qrstation user …`: who the operator is, finding people, a person's
//! card.

use qrstation_core::Station;

use super::json;
use crate::args::*;
use crate::error::CliError;
use crate::output;

/// `whoami`.
pub fn whoami(g: &Global, st: &Station) -> Result<(), CliError> {
    if g.json {
        return json(&serde_json::json!({ "operator": st.operator() }));
    }
    println!("{}", st.operator());
    Ok(())
}

/// `user search|show`.
pub async fn run(g: &Global, st: &Station, command: UserCommand) -> Result<(), CliError> {
    match command {
        UserCommand::Search { query, limit } => {
            let result = st.search_users(&query, limit).await?;
            if g.json {
                return json(&result);
            }
            output::print_search(&result);
            Ok(())
        }
        UserCommand::Show { user } => show(g, st, &user).await,
    }
}

/// A person's card (`user show`, `method show`).
pub async fn show(g: &Global, st: &Station, user: &str) -> Result<(), CliError> {
    let card = st.user_card(user).await?;
    if g.json {
        return json(&card);
    }
    output::print_card(&card);
    Ok(())
}

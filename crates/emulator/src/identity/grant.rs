//! What a grant authorizes and the check of the client asking for one: shared by the token
//! endpoint, the authorize (code) flow and the device-code flow, below all three.

use std::collections::HashMap;

use super::errors::AadError;
use super::scopes::Scopes;
use crate::state::flows::SignIn;
use crate::state::Shared;

/// What a grant authorizes.
#[derive(Debug, Clone)]
pub struct Grant {
    /// The application the grant was issued to.
    pub client_id: String,
    /// Object id of the user it acts for.
    pub user_id: String,
    /// The scopes granted.
    pub scopes: Scopes,
    /// The `nonce` of the authorize request, echoed in the ID token.
    pub nonce: Option<String>,
    /// The interactive sign-in behind the grant (`amr`, `auth_time`).
    pub sign_in: SignIn,
}

/// Checks `client_id` (any value outside strict mode; registered apps only in strict mode)
/// and refuses secrets, as Entra does for public clients.
pub fn check_client(shared: &Shared, form: &HashMap<String, String>) -> Result<String, AadError> {
    let client_id = form
        .get("client_id")
        .filter(|c| !c.is_empty())
        .ok_or_else(|| AadError::missing("client_id"))?;
    if shared.knobs().strict
        && !shared
            .tenant()
            .apps
            .iter()
            .any(|a| a.client_id.eq_ignore_ascii_case(client_id))
    {
        return Err(AadError::new("unauthorized_client", 700016, format!("Application with identifier '{client_id}' was not found in the directory 'Contoso Retail (demo)'.")));
    }
    if form.contains_key("client_secret") || form.contains_key("client_assertion") {
        let mut e = AadError::new("invalid_client", 700025, "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.");
        e.status = 401;
        return Err(e);
    }
    Ok(client_id.clone())
}

//! MFA freshness for self-service writes to authentication methods, and the 403 claims
//! challenge that asks the app for a new sign-in with MFA.
//!
//! Sources: the updatePin page, "When users manage their own authentication methods, the
//! system prompts them to complete MFA if they last authenticated more than 10 minutes ago"
//! (<https://learn.microsoft.com/graph/api/qrpin-updatepin?view=graph-rest-1.0>), and the
//! authentication methods overview
//! (<https://learn.microsoft.com/graph/api/resources/authenticationmethods-overview>): since
//! January 2026 apps must handle **403 Forbidden** and start a new interactive request with
//! `claims={"access_token":{"amr":{"essential":true,"values":["ngcmfa"]}}}`.
//!
//! NOT documented: the exact 403 body and whether the claims come in a header. The emulator
//! answers `accessDenied` and, by default, the `WWW-Authenticate` header Graph uses for its
//! documented claims challenges (continuous access evaluation: `error="insufficient_claims"`,
//! `claims="<base64 JSON>"`), because that is the one machine-readable shape Graph has for
//! "sign in again with these claims" and clients already parse it for CAE; the other reading
//! (the app just knows to ask for `ngcmfa`) is `Compat::mfa_challenge_header = false`.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;

use super::auth::Caller;
use super::response::{error, Ctx, GraphResp};
use crate::identity::claims::MFA_CLAIMS;
use crate::state::flows::SignIn;
use crate::state::Shared;

/// How long a sign-in counts as fresh for a self-service write.
pub const FRESH_SECS: i64 = 10 * 60;

/// `Err(403)` when `caller` writes their own methods with a token whose `amr` lacks
/// `mfa`/`ngcmfa` and whose sign-in is more than 10 minutes old (emulator clock), while
/// `Compat::mfa_freshness` is on. Admin writes on other users never get here.
pub fn check_self_write(shared: &Shared, ctx: &Ctx, caller: &Caller) -> Result<(), GraphResp> {
    let (on, header) = {
        let k = shared.knobs();
        (k.compat.mfa_freshness, k.compat.mfa_challenge_header)
    };
    if !on || SignIn::has_mfa(&caller.amr) || ctx.now.timestamp() - caller.auth_time <= FRESH_SECS {
        return Ok(());
    }
    let resp = error(
        ctx,
        403,
        "accessDenied",
        "You must complete multifactor authentication within the last 10 minutes to manage your own authentication methods. Sign in again with the claims in the WWW-Authenticate header.",
    );
    Err(if header {
        resp.header("WWW-Authenticate", challenge_header(shared))
    } else {
        resp
    })
}

/// `Bearer realm="", authorization_uri="{base}/common/oauth2/authorize",
/// error="insufficient_claims", claims="<standard base64 of the step-up claims>"`.
pub fn challenge_header(shared: &Shared) -> String {
    format!(
        "Bearer realm=\"\", authorization_uri=\"{}/common/oauth2/authorize\", error=\"insufficient_claims\", claims=\"{}\"",
        shared.base_url,
        B64.encode(MFA_CLAIMS)
    )
}

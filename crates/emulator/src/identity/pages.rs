//! The small HTML pages a person sees: the account picker of `/authorize`, the device
//! code page (type the code, pick an account) and the "Approve sign-in request" MFA step. Plain forms, no scripts, easy to automate.

use axum::response::{Html, IntoResponse, Response};

use super::errors::escape;
use crate::state::flows::AuthorizeRequest;
use crate::state::Shared;

fn shell(title: &str, body: &str) -> Response {
    Html(format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{t}</title>\
         <style>body{{font-family:Segoe UI,Arial,sans-serif;max-width:32rem;margin:3rem auto}}\
         button{{display:block;width:100%;margin:.3rem 0;padding:.5rem;text-align:left}}</style></head>\
         <body><p><b>Contoso Retail (demo)</b> &middot; qrstation demo tenant</p><h1>{t}</h1>{body}</body></html>",
        t = escape(title)
    ))
    .into_response()
}

/// A page with one message.
pub fn message(title: &str, text: &str) -> Response {
    shell(title, &format!("<p>{}</p>", escape(text)))
}

fn account_buttons(shared: &Shared, hint: Option<&str>) -> String {
    let t = shared.tenant();
    let mut users: Vec<_> = t.users.iter().collect();
    // The login_hint account goes first.
    if let Some(h) = hint {
        users.sort_by_key(|u| !u.user_principal_name.eq_ignore_ascii_case(h));
    }
    users
        .iter()
        .map(|u| {
            format!(
                "<button type=\"submit\" name=\"user\" value=\"{}\" data-upn=\"{}\">{} &lt;{}&gt;{}</button>",
                escape(&u.id),
                escape(&u.user_principal_name),
                escape(&u.display_name),
                escape(&u.user_principal_name),
                u.job_title.as_deref().map(|j| format!(" &middot; {}", escape(j))).unwrap_or_default()
            )
        })
        .collect()
}

/// The `/authorize` account picker for pending flow `flow`.
pub fn account_picker(shared: &Shared, req: &AuthorizeRequest, flow: &str) -> Response {
    let body = format!(
        "<p>Pick an account to continue to the application.</p>\
         <form id=\"signin\" method=\"POST\" action=\"/{tenant}/oauth2/v2.0/login\">\
         <input type=\"hidden\" name=\"flow\" value=\"{flow}\"/>{buttons}\
         <button type=\"submit\" name=\"cancel\" value=\"1\">Cancel</button></form>",
        tenant = escape(&req.tenant),
        flow = escape(flow),
        buttons = account_buttons(shared, req.login_hint.as_deref()),
    );
    shell("Pick an account", &body)
}

/// The device code page, with an optional error line.
pub fn device_page(shared: &Shared, error: Option<&str>) -> Response {
    let err = error
        .map(|e| format!("<p id=\"error\" style=\"color:#a00\">{}</p>", escape(e)))
        .unwrap_or_default();
    let body = format!(
        "{err}<form id=\"device\" method=\"POST\" action=\"/devicelogin\">\
         <label>Enter code <input name=\"user_code\" autocomplete=\"off\" required/></label>\
         <p>Then pick the account to sign in with:</p>{buttons}\
         <button type=\"submit\" name=\"action\" value=\"decline\">Decline</button></form>",
        buttons = account_buttons(shared, None),
    );
    shell("Enter code", &body)
}

/// The extra "Approve sign-in request" step shown when the request's `claims` ask for MFA:
/// `Approve` completes MFA (`mfa=approve`), the other button goes on without it
/// (`mfa=skip`: the person has no second method, e.g. QR code + PIN only). `hidden` are the
/// form fields to carry over.
pub fn mfa_step(action: &str, hidden: &[(&str, &str)]) -> Response {
    let inputs: String = hidden
        .iter()
        .map(|(k, v)| {
            format!(
                "<input type=\"hidden\" name=\"{}\" value=\"{}\"/>",
                escape(k),
                escape(v)
            )
        })
        .collect();
    let body = format!(
        "<p>The application asks for multifactor authentication. Approve the request in your \
         authenticator app.</p><form id=\"mfa\" method=\"POST\" action=\"{}\">{inputs}\
         <button type=\"submit\" name=\"mfa\" value=\"approve\">Approve</button>\
         <button type=\"submit\" name=\"mfa\" value=\"skip\">I can't use another method right now</button></form>",
        escape(action)
    );
    shell("Approve sign-in request", &body)
}

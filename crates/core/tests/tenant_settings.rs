//! The tenant settings form refuses endpoints that are not a national cloud pair (or loopback)
//! before anything is written, so the UI shows the error code next to the form.

use qrstation_core::entra::TenantSettings;

fn form(authority: Option<&str>, graph: Option<&str>) -> TenantSettings {
    TenantSettings {
        tenant: "contoso.onmicrosoft.com".into(),
        client_id: "00000000-0000-0000-0000-000000000001".into(),
        authority: authority.map(str::to_owned),
        graph_url: graph.map(str::to_owned),
    }
}

#[test]
fn save_refuses_foreign_or_mismatched_endpoints_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    for (a, g, code) in [
        (
            Some("https://login.microsoftonline.com/contoso.onmicrosoft.com"),
            Some("https://graph.microsoft.com.evil.example"),
            "graph.endpoint_not_allowed",
        ),
        (
            None,
            Some("https://graph.micros0ft.com"),
            "graph.endpoint_not_allowed",
        ),
        (
            Some("https://login.microsoftonline.us/contoso.onmicrosoft.us"),
            None,
            "graph.endpoint_mismatch",
        ),
        (
            None,
            Some("https://graph.microsoft.com@evil.example"),
            "graph.invalid_endpoint",
        ),
        (
            None,
            Some("http://graph.example.com"),
            "graph.invalid_endpoint",
        ),
    ] {
        let err = form(a, g).save(dir.path()).unwrap_err();
        assert_eq!(err.code(), code, "{a:?} + {g:?}: {err}");
        assert_eq!(
            TenantSettings::load(dir.path()).unwrap(),
            None,
            "nothing saved"
        );
    }
}

#[test]
fn save_keeps_a_national_cloud_pair_and_a_loopback_pair() {
    let dir = tempfile::tempdir().unwrap();
    let gov = form(
        Some("https://login.microsoftonline.us/contoso.onmicrosoft.us"),
        Some("https://dod-graph.microsoft.us"),
    );
    gov.save(dir.path()).unwrap();
    assert_eq!(TenantSettings::load(dir.path()).unwrap(), Some(gov));
    let local = form(
        Some("http://127.0.0.1:5000/t"),
        Some("http://127.0.0.1:5000"),
    );
    local.save(dir.path()).unwrap();
    assert_eq!(TenantSettings::load(dir.path()).unwrap(), Some(local));
}

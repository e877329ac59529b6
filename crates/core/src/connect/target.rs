//! Resolving the settings and flags into the one tenant to connect to.

use std::path::PathBuf;

use qrstation_graph::endpoints::is_loopback;
use qrstation_graph::{Cloud, Endpoints};

use crate::entra::{cloud_warning, EntraConfig};
use crate::{Mode, Result, Settings};

/// What a command line may say over the settings file. Every field is optional; the default
/// is "as the settings say".
#[derive(Debug, Clone, Default)]
pub struct Flags {
    /// Use the demo tenant whatever the settings say (`--demo`).
    pub demo: bool,
    /// Tenant id or domain (`--tenant`).
    pub tenant: Option<String>,
    /// The app registration's client id (`--client-id`).
    pub client_id: Option<String>,
    /// The sign-in authority URL (`--authority`).
    pub authority: Option<String>,
    /// The Graph URL (`--graph-url`).
    pub graph_url: Option<String>,
    /// An extra CA certificate (PEM) to trust (`--ca-cert`).
    pub ca_cert: Option<PathBuf>,
    /// A bearer token to call Graph with (read from the environment by the CLI).
    pub access_token: Option<BearerToken>,
}

/// A bearer token for Graph. Its `Debug` never shows it.
#[derive(Clone)]
pub struct BearerToken(String);

impl BearerToken {
    /// Wraps `token`.
    pub fn new(token: String) -> BearerToken {
        BearerToken(token)
    }

    pub(super) fn into_inner(self) -> String {
        self.0
    }
}

impl std::fmt::Debug for BearerToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BearerToken(…)")
    }
}

/// The tenant to connect to.
#[derive(Debug, Clone)]
pub enum Target {
    /// The embedded demo tenant (in builds with the `demo-tenant` feature).
    Demo,
    /// A Microsoft Entra tenant, signed in to with its app registration.
    Entra(EntraConfig),
    /// Graph called with a bearer token obtained elsewhere (no sign-in, no refresh).
    Token {
        /// The token.
        token: BearerToken,
        /// The Graph URL's cloud's endpoints (a loopback Graph gets a loopback authority).
        endpoints: Endpoints,
        /// An extra CA certificate (PEM) to trust.
        ca_cert: Option<PathBuf>,
    },
}

impl Target {
    /// The tenant the settings name: Entra when they name one, else the demo tenant.
    pub fn from_settings(settings: &Settings) -> Target {
        Target::resolve(settings, &Flags::default()).unwrap_or(Target::Demo)
    }

    /// The tenant `flags` and then `settings` name: a bearer token when one is given, the
    /// demo tenant when asked for or when nothing names a tenant and a client id, else Entra
    /// (each of tenant, client id, authority and Graph URL from the flags when given, else
    /// from the settings).
    pub fn resolve(settings: &Settings, flags: &Flags) -> Result<Target> {
        crate::policy::enforce::check_flags(flags)?; // managed configuration: no way around a lock
        if let Some(token) = &flags.access_token {
            return Ok(Target::Token {
                token: token.clone(),
                endpoints: token_endpoints(flags.graph_url.as_deref())?,
                ca_cert: flags.ca_cert.clone(),
            });
        }
        if flags.demo {
            return Ok(Target::Demo);
        }
        Ok(match entra_config(settings, flags) {
            Some(config) => Target::Entra(config),
            None => Target::Demo,
        })
    }

    /// Whether this is the demo tenant.
    pub fn is_demo(&self) -> bool {
        matches!(self, Target::Demo)
    }

    /// Why QR code + PIN may not work on this target's cloud (see
    /// [`crate::entra::EntraConnection::cloud_warning`]); `None` for the global cloud, the
    /// demo tenant, a bearer token and endpoints that do not parse.
    pub fn cloud_warning(&self) -> Option<String> {
        match self {
            Target::Entra(config) => config.endpoints().ok().as_ref().and_then(cloud_warning),
            _ => None,
        }
    }
}

/// The Entra configuration from flags, then the settings; `None` when neither names a tenant
/// and a client id.
fn entra_config(settings: &Settings, flags: &Flags) -> Option<EntraConfig> {
    let (tenant, client_id) = match (&flags.tenant, &flags.client_id, &settings.mode) {
        (Some(t), Some(c), _) => (t.clone(), c.clone()),
        (t, c, Mode::Entra { tenant, client_id }) => (
            t.clone().unwrap_or_else(|| tenant.clone()),
            c.clone().unwrap_or_else(|| client_id.clone()),
        ),
        _ => return None,
    };
    Some(EntraConfig {
        tenant,
        client_id,
        authority: flags
            .authority
            .clone()
            .or_else(|| settings.authority.clone()),
        graph_url: flags
            .graph_url
            .clone()
            .or_else(|| settings.graph_url.clone()),
        ca_cert: flags.ca_cert.clone(),
    })
}

/// The endpoints a bearer token is used with: `graph_url` (the global Graph when `None`) and
/// the authority of its own cloud (endpoints must be a pair); a loopback Graph (a test server)
/// gets a loopback authority on the same origin.
fn token_endpoints(graph_url: Option<&str>) -> Result<Endpoints> {
    let graph_url = graph_url.unwrap_or(Cloud::Global.graph_host()).to_owned();
    let parsed = url::Url::parse(&graph_url).ok();
    let authority_base = match parsed.as_ref() {
        Some(u) if is_loopback(u) => u.origin().ascii_serialization(),
        Some(u) => Cloud::of_graph(u)
            .unwrap_or(Cloud::Global)
            .authority_host()
            .to_owned(),
        None => Cloud::Global.authority_host().to_owned(),
    };
    let authority = format!("{authority_base}/organizations");
    Ok(Endpoints::custom(&authority, &graph_url)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entra_settings() -> Settings {
        Settings {
            mode: Mode::Entra {
                tenant: "contoso.onmicrosoft.com".into(),
                client_id: "c1".into(),
            },
            ..Settings::default()
        }
    }

    #[test]
    fn settings_alone_name_the_demo_tenant_or_entra() {
        assert!(Target::from_settings(&Settings::default()).is_demo());
        match Target::from_settings(&entra_settings()) {
            Target::Entra(c) => {
                assert_eq!(c.tenant, "contoso.onmicrosoft.com");
                assert_eq!(c.client_id, "c1");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn flags_win_over_the_settings_and_demo_wins_over_both() {
        let flags = Flags {
            tenant: Some("fabrikam.onmicrosoft.com".into()),
            ..Flags::default()
        };
        let mut settings = entra_settings();
        settings.graph_url = Some("https://graph.microsoft.us".into());
        match Target::resolve(&settings, &flags).unwrap() {
            Target::Entra(c) => {
                assert_eq!(c.tenant, "fabrikam.onmicrosoft.com");
                assert_eq!(c.client_id, "c1");
                assert_eq!(c.graph_url.as_deref(), Some("https://graph.microsoft.us"));
            }
            other => panic!("{other:?}"),
        }
        // A tenant without a client id names nothing on demo settings.
        assert!(Target::resolve(&Settings::default(), &flags)
            .unwrap()
            .is_demo());
        let demo = Flags {
            demo: true,
            ..flags
        };
        assert!(Target::resolve(&entra_settings(), &demo).unwrap().is_demo());
    }

    #[test]
    fn a_token_gets_its_graph_clouds_authority_and_never_shows_in_debug() {
        let flags = Flags {
            access_token: Some(BearerToken::new("secret-token".into())),
            graph_url: Some("https://graph.microsoft.us".into()),
            demo: true,
            ..Flags::default()
        };
        let t = Target::resolve(&Settings::default(), &flags).unwrap();
        assert!(!format!("{t:?}").contains("secret-token"));
        let Target::Token { endpoints, .. } = t else {
            panic!("not a token target")
        };
        assert!(endpoints
            .authority
            .as_str()
            .starts_with("https://login.microsoftonline.us/organizations"));
        let local = token_endpoints(Some("http://127.0.0.1:5555")).unwrap();
        assert_eq!(
            local.authority.as_str(),
            "http://127.0.0.1:5555/organizations"
        );
        let global = token_endpoints(None).unwrap();
        assert!(global
            .graph
            .as_str()
            .starts_with("https://graph.microsoft.com"));
    }

    #[test]
    fn only_entra_on_a_national_cloud_warns() {
        assert!(Target::from_settings(&entra_settings())
            .cloud_warning()
            .is_none());
        let mut s = entra_settings();
        s.authority = Some("https://login.microsoftonline.us/contoso.onmicrosoft.us".into());
        s.graph_url = Some("https://graph.microsoft.us".into());
        assert!(Target::from_settings(&s).cloud_warning().is_some());
        assert!(Target::Demo.cloud_warning().is_none());
    }
}

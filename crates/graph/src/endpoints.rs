//! Where the identity platform and Microsoft Graph live: one of Microsoft's national clouds
//! (authority and Graph host as a pair), or a loopback address (the demo tenant, tests).
//! Anything else is refused before a request is made: tokens and PINs travel over these URLs.

use url::{Host, Url};

use crate::GraphError;

/// Microsoft's national clouds, each with its own sign-in authority host and Graph host.
/// Source: Microsoft Graph "National cloud deployments" and the identity platform's
/// "National clouds" pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cloud {
    /// The global service.
    Global,
    /// Microsoft Graph for US Government L4.
    UsGovL4,
    /// Microsoft Graph for US Government L5 (DOD).
    UsGovL5Dod,
    /// Microsoft Graph China operated by 21Vianet.
    China,
}

impl Cloud {
    /// Every national cloud.
    pub const ALL: [Cloud; 4] = [
        Cloud::Global,
        Cloud::UsGovL4,
        Cloud::UsGovL5Dod,
        Cloud::China,
    ];

    /// The base of the sign-in authority, without tenant.
    pub fn authority_host(self) -> &'static str {
        match self {
            Cloud::Global => "https://login.microsoftonline.com",
            Cloud::UsGovL4 | Cloud::UsGovL5Dod => "https://login.microsoftonline.us",
            Cloud::China => "https://login.chinacloudapi.cn",
        }
    }

    /// The Graph service root, without version segment.
    pub fn graph_host(self) -> &'static str {
        match self {
            Cloud::Global => "https://graph.microsoft.com",
            Cloud::UsGovL4 => "https://graph.microsoft.us",
            Cloud::UsGovL5Dod => "https://dod-graph.microsoft.us",
            Cloud::China => "https://microsoftgraph.chinacloudapi.cn",
        }
    }

    /// The cloud whose Graph host `url` is (exact host, https, default port), if any.
    pub fn of_graph(url: &Url) -> Option<Cloud> {
        Cloud::ALL
            .into_iter()
            .find(|c| same_origin(url, c.graph_host()))
    }

    /// Whether Microsoft documents QR code + PIN for this cloud: the global service only.
    /// The v1.0 pages of the API (e.g.
    /// <https://learn.microsoft.com/graph/api/qrcodepinauthenticationmethod-get?view=graph-rest-1.0>)
    /// embed the docs' `includes/global-only.md` ("Global service ✅, US Government L4 ❌,
    /// US Government L5 (DOD) ❌, China operated by 21Vianet ❌"). A national cloud may gain it
    /// later; callers should warn rather than refuse.
    pub fn qr_pin_supported(self) -> bool {
        matches!(self, Cloud::Global)
    }

    /// Whether `url` is on this cloud's sign-in host (exact host, https, default port).
    pub fn is_authority(self, url: &Url) -> bool {
        same_origin(url, self.authority_host())
    }
}

/// `url` has exactly the origin of `base` (`https://host`, default port).
fn same_origin(url: &Url, base: &str) -> bool {
    Url::parse(base).is_ok_and(|b| b.origin() == url.origin())
}

/// Whether `url`'s host is a loopback address: 127.0.0.0/8, ::1, or `localhost`.
pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// The two base URLs the client talks to, checked once when configured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    /// e.g. `https://login.microsoftonline.com/contoso.onmicrosoft.com`
    pub authority: Url,
    /// e.g. `https://graph.microsoft.com`
    pub graph: Url,
}

impl Endpoints {
    /// The endpoints of a national cloud for one tenant (domain, id, `organizations`...).
    pub fn for_cloud(cloud: Cloud, tenant: &str) -> Result<Endpoints, GraphError> {
        Endpoints::custom(
            &format!("{}/{}", cloud.authority_host(), tenant),
            cloud.graph_host(),
        )
    }

    /// Explicit endpoints: the authority and Graph host of one national cloud (the authority
    /// names a tenant: `https://login.microsoftonline.us/contoso.onmicrosoft.us`), or both on
    /// a loopback host (the demo tenant, tests; http is allowed only there). Any other host,
    /// or a pair from two clouds, is refused.
    pub fn custom(authority: &str, graph: &str) -> Result<Endpoints, GraphError> {
        let e = Endpoints {
            authority: checked("authority", authority)?,
            graph: checked("Graph base URL", graph)?,
        };
        let mismatch = || GraphError::EndpointMismatch {
            authority: authority.to_owned(),
            graph: graph.to_owned(),
        };
        match (is_loopback(&e.authority), is_loopback(&e.graph)) {
            (true, true) => return Ok(e),
            (true, false) | (false, true) => return Err(mismatch()),
            (false, false) => {}
        }
        let cloud = Cloud::of_graph(&e.graph).ok_or_else(|| GraphError::EndpointNotAllowed {
            what: "Graph base URL",
            url: graph.to_owned(),
            reason: "not a Microsoft Graph national cloud host (graph.microsoft.com, \
                     graph.microsoft.us, dod-graph.microsoft.us, \
                     microsoftgraph.chinacloudapi.cn) nor a loopback address"
                .into(),
        })?;
        if e.graph.path() != "/" {
            return Err(GraphError::EndpointNotAllowed {
                what: "Graph base URL",
                url: graph.to_owned(),
                reason: "must be the service root, without a path (the version is added)".into(),
            });
        }
        if !Cloud::ALL.iter().any(|c| c.is_authority(&e.authority)) {
            return Err(GraphError::EndpointNotAllowed {
                what: "authority",
                url: authority.to_owned(),
                reason: "not a Microsoft sign-in host (login.microsoftonline.com, \
                         login.microsoftonline.us, login.chinacloudapi.cn) nor a loopback \
                         address"
                    .into(),
            });
        }
        if !cloud.is_authority(&e.authority) {
            return Err(mismatch());
        }
        let tenant_ok = e.tenant().is_some_and(|t| {
            t.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-._".contains(c))
        });
        if !tenant_ok || e.authority.path_segments().map_or(0, Iterator::count) != 1 {
            return Err(GraphError::EndpointNotAllowed {
                what: "authority",
                url: authority.to_owned(),
                reason: "must name one tenant after the host (an id, a domain or \
                         `organizations`)"
                    .into(),
            });
        }
        Ok(e)
    }

    /// The national cloud of these endpoints; `None` for loopback endpoints.
    pub fn cloud(&self) -> Option<Cloud> {
        Cloud::of_graph(&self.graph).filter(|c| c.is_authority(&self.authority))
    }

    /// Whether QR code + PIN is documented for these endpoints: the global cloud (see
    /// [`Cloud::qr_pin_supported`]), or a loopback address (the demo tenant, which models the
    /// global service).
    pub fn qr_pin_supported(&self) -> bool {
        match self.cloud() {
            Some(cloud) => cloud.qr_pin_supported(),
            None => is_loopback(&self.graph) && is_loopback(&self.authority),
        }
    }

    /// The authority's tenant segment (its last path segment), e.g. `organizations` or a
    /// tenant id.
    pub fn tenant(&self) -> Option<&str> {
        self.authority
            .path_segments()
            .and_then(|mut s| s.next_back())
            .filter(|t| !t.is_empty())
    }
}

fn checked(what: &'static str, raw: &str) -> Result<Url, GraphError> {
    let invalid = |reason: String| GraphError::InvalidEndpoint {
        what,
        url: raw.to_owned(),
        reason,
    };
    let mut url = Url::parse(raw.trim()).map_err(|e| invalid(e.to_string()))?;
    if url.host().is_none() {
        return Err(invalid("has no host".into()));
    }
    if !url.username().is_empty() || url.password().is_some() {
        // `https://graph.microsoft.com@evil.example` names the host evil.example.
        return Err(invalid("must not carry a user name or password".into()));
    }
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        _ => {
            return Err(invalid(
                "must use https (http only on a loopback address)".into(),
            ))
        }
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("must not have a query or fragment".into()));
    }
    // One canonical form: no trailing slash, so joining segments is uniform.
    let trimmed = url.path().trim_end_matches('/').to_owned();
    url.set_path(&trimmed);
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(authority: &str, graph: &str) -> &'static str {
        match Endpoints::custom(authority, graph) {
            Ok(_) => "ok",
            Err(e) => e.code(),
        }
    }

    #[test]
    fn national_clouds_have_their_own_hosts() {
        let e = Endpoints::for_cloud(Cloud::China, "contoso.partner.onmschina.cn").unwrap();
        assert_eq!(
            e.authority.as_str(),
            "https://login.chinacloudapi.cn/contoso.partner.onmschina.cn"
        );
        assert_eq!(e.graph.as_str(), "https://microsoftgraph.chinacloudapi.cn/");
        assert_eq!(e.cloud(), Some(Cloud::China));
        assert_eq!(e.tenant(), Some("contoso.partner.onmschina.cn"));
        let g = Endpoints::for_cloud(Cloud::Global, "organizations").unwrap();
        assert_eq!(
            g.authority.as_str(),
            "https://login.microsoftonline.com/organizations"
        );
    }

    #[test]
    fn every_cloud_pair_is_accepted_and_names_its_cloud() {
        for cloud in Cloud::ALL {
            let e = Endpoints::custom(
                &format!("{}/contoso.example/", cloud.authority_host()),
                &format!("{}/", cloud.graph_host()),
            )
            .unwrap();
            assert_eq!(e.cloud(), Some(cloud), "{cloud:?}");
            assert_eq!(
                Endpoints::for_cloud(cloud, "organizations")
                    .unwrap()
                    .cloud(),
                Some(cloud)
            );
        }
        // L4 and L5 share the sign-in host.
        assert_eq!(
            code(
                "https://login.microsoftonline.us/t",
                "https://dod-graph.microsoft.us"
            ),
            "ok"
        );
    }

    #[test]
    fn mismatched_pairs_are_refused() {
        for (a, g) in [
            (
                "https://login.microsoftonline.com/t",
                "https://graph.microsoft.us",
            ),
            (
                "https://login.microsoftonline.us/t",
                "https://graph.microsoft.com",
            ),
            (
                "https://login.chinacloudapi.cn/t",
                "https://dod-graph.microsoft.us",
            ),
            (
                "https://login.microsoftonline.com/t",
                "https://microsoftgraph.chinacloudapi.cn",
            ),
            ("http://127.0.0.1:5000/t", "https://graph.microsoft.com"),
            (
                "https://login.microsoftonline.com/t",
                "http://localhost:5000",
            ),
        ] {
            assert_eq!(code(a, g), "graph.endpoint_mismatch", "{a} + {g}");
        }
    }

    #[test]
    fn look_alike_and_foreign_hosts_are_refused() {
        let login = "https://login.microsoftonline.com/t";
        for g in [
            "https://graph.microsoft.com.evil.example",
            "https://graph.micros0ft.com",
            "https://graph.microsoft.com.",
            "https://evil.example",
            "https://graph.microsoft.com:8443",
            "https://graph.microsoft.com/v1.0",
            "https://xn--graph-microsoft-com.example",
        ] {
            assert_eq!(code(login, g), "graph.endpoint_not_allowed", "{g}");
        }
        for a in [
            "https://login.microsoftonline.com.evil.example/t",
            "https://login.micros0ftonline.com/t",
            "https://evil.example/t",
            "https://login.microsoftonline.com",
            "https://login.microsoftonline.com/t/oauth2",
        ] {
            assert_eq!(
                code(a, "https://graph.microsoft.com"),
                "graph.endpoint_not_allowed",
                "{a}"
            );
        }
    }

    #[test]
    fn userinfo_tricks_are_refused() {
        for (a, g) in [
            (
                "https://login.microsoftonline.com/t",
                "https://graph.microsoft.com@evil.example",
            ),
            (
                "https://login.microsoftonline.com@evil.example/t",
                "https://graph.microsoft.com",
            ),
            (
                "https://login.microsoftonline.com/t",
                "https://u:p@graph.microsoft.com",
            ),
            ("http://x@127.0.0.1:1/t", "http://127.0.0.1:1"),
        ] {
            let e = Endpoints::custom(a, g).unwrap_err();
            assert_eq!(e.code(), "graph.invalid_endpoint", "{a} + {g}");
            assert!(e.to_string().contains("user name"), "{e}");
        }
    }

    #[test]
    fn http_is_only_accepted_on_loopback() {
        assert!(Endpoints::custom("http://127.0.0.1:5000/demo/", "http://localhost:5000").is_ok());
        let l = Endpoints::custom("http://[::1]:5000/t", "http://127.0.0.2:1").unwrap();
        assert_eq!(l.cloud(), None);
        for (a, g) in [
            (
                "http://login.microsoftonline.com/t",
                "https://graph.microsoft.com",
            ),
            (
                "https://login.microsoftonline.com/t",
                "http://graph.microsoft.com",
            ),
            ("http://10.0.0.1/t", "http://10.0.0.1"),
            (
                "http://localhost.evil.example/t",
                "http://localhost.evil.example",
            ),
        ] {
            let err = Endpoints::custom(a, g).unwrap_err();
            assert_eq!(err.code(), "graph.invalid_endpoint", "{a} + {g}");
            assert!(err.to_string().contains("must use https"), "{err}");
        }
        assert!(Endpoints::custom("https://127.0.0.1/t?x=1", "https://127.0.0.1").is_err());
        assert!(Endpoints::custom("not a url", "https://graph.microsoft.com").is_err());
    }

    #[test]
    fn qr_pin_is_documented_for_the_global_cloud_only() {
        let want = [
            (Cloud::Global, true),
            (Cloud::UsGovL4, false),
            (Cloud::UsGovL5Dod, false),
            (Cloud::China, false),
        ];
        for (cloud, ok) in want {
            assert_eq!(cloud.qr_pin_supported(), ok, "{cloud:?}");
            let e = Endpoints::for_cloud(cloud, "organizations").unwrap();
            assert_eq!(e.qr_pin_supported(), ok, "{cloud:?}");
        }
        let demo =
            Endpoints::custom("http://127.0.0.1:5000/demo", "http://localhost:5000").unwrap();
        assert!(demo.qr_pin_supported());
    }

    #[test]
    fn trailing_slashes_are_trimmed() {
        let e = Endpoints::custom(
            "https://login.microsoftonline.com/t/",
            "https://graph.microsoft.com/",
        )
        .unwrap();
        assert_eq!(e.authority.as_str(), "https://login.microsoftonline.com/t");
        assert_eq!(e.graph.path(), "/");
    }
}

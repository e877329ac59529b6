//! Where the identity platform and Microsoft Graph live: the national clouds, or any URL
//! (the demo tenant, a test server) given explicitly.

use url::Url;

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

    /// Explicit endpoints. Both must be https, except on a loopback host (the demo tenant and
    /// tests), since tokens and PINs travel over them.
    pub fn custom(authority: &str, graph: &str) -> Result<Endpoints, GraphError> {
        Ok(Endpoints {
            authority: checked("authority", authority)?,
            graph: checked("Graph base URL", graph)?,
        })
    }
}

fn checked(what: &'static str, raw: &str) -> Result<Url, GraphError> {
    let invalid = |reason: String| GraphError::InvalidEndpoint {
        what,
        url: raw.to_owned(),
        reason,
    };
    let mut url = Url::parse(raw).map_err(|e| invalid(e.to_string()))?;
    let loopback = match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => return Err(invalid("has no host".into())),
    };
    match url.scheme() {
        "https" => {}
        "http" if loopback => {}
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

    #[test]
    fn national_clouds_have_their_own_hosts() {
        let e = Endpoints::for_cloud(Cloud::China, "contoso.partner.onmschina.cn").unwrap();
        assert_eq!(
            e.authority.as_str(),
            "https://login.chinacloudapi.cn/contoso.partner.onmschina.cn"
        );
        assert_eq!(e.graph.as_str(), "https://microsoftgraph.chinacloudapi.cn/");
        let g = Endpoints::for_cloud(Cloud::Global, "organizations").unwrap();
        assert_eq!(
            g.authority.as_str(),
            "https://login.microsoftonline.com/organizations"
        );
    }

    #[test]
    fn http_is_only_accepted_on_loopback() {
        assert!(Endpoints::custom("http://127.0.0.1:5000/demo/", "http://localhost:5000").is_ok());
        assert!(Endpoints::custom("http://[::1]:5000/t", "http://127.0.0.2:1").is_ok());
        let err =
            Endpoints::custom("http://login.example.com/t", "https://g.example.com").unwrap_err();
        assert_eq!(err.code(), "graph.invalid_endpoint");
        assert!(err.to_string().contains("must use https"), "{err}");
        assert!(Endpoints::custom("https://l.example.com/t?x=1", "https://g").is_err());
        assert!(Endpoints::custom("not a url", "https://g").is_err());
    }

    #[test]
    fn trailing_slashes_are_trimmed() {
        let e = Endpoints::custom("https://login.example.com/t/", "https://graph.example.com/")
            .unwrap();
        assert_eq!(e.authority.as_str(), "https://login.example.com/t");
        assert_eq!(e.graph.path(), "/");
    }
}

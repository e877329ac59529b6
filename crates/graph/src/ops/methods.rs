//! The method itself: get (E1), create (E2, reconciled with bounded re-reads when its answer
//! is lost), delete (E3), the list of a user's authentication methods (E12), and the user
//! lookup that lets any 404 on a method path mean "none".

use reqwest::Method;
use url::Url;

use crate::client::{decode, GraphClient, Subject};
use crate::models::{AuthenticationMethod, CreateMethod, QrCodePinMethod};
use crate::permissions::{READ_METHOD, USERS_READ, WRITE_METHOD};
use crate::transport::{Body, RetryClass};
use crate::GraphError;

/// The result of a create whose answer may have been lost on the way back.
#[derive(Debug, Clone, PartialEq)]
pub enum Created<T> {
    /// Created, with the full answer (image, PIN).
    Fresh(T),
    /// The answer was lost but the create took effect; this is what a GET returns, so the QR
    /// image and the PIN are gone (rotate the code / reset the PIN to get new ones).
    Reconciled(T),
}

impl<T> Created<T> {
    /// The created object.
    pub fn value(&self) -> &T {
        match self {
            Created::Fresh(t) | Created::Reconciled(t) => t,
        }
    }

    /// The created object, owned.
    pub fn into_inner(self) -> T {
        match self {
            Created::Fresh(t) | Created::Reconciled(t) => t,
        }
    }

    /// True when the answer was lost and the object was found with a GET.
    pub fn response_lost(&self) -> bool {
        matches!(self, Created::Reconciled(_))
    }
}

impl GraphClient {
    /// `…/{me|users/{id}}/authentication/qrCodePinMethod/{tail…}`.
    pub(crate) fn method_url(&self, who: &Subject, tail: &[&str]) -> Result<Url, GraphError> {
        let mut segs = who.segments()?;
        segs.extend(["authentication", "qrCodePinMethod"]);
        segs.extend(tail);
        Ok(self.url(&segs))
    }

    /// Makes sure the user exists before a read of their method: `GET /users/{id}?$select=id`,
    /// once per client and user (a user is remembered once found). Graph's pages say only
    /// "404 Not Found" for a user without a method (beta get page), the same status as for a
    /// user that does not exist, so the user is checked first and then any 404 on the method
    /// path means "none". Returns `Ok(true)` when the user is known to exist (always for
    /// `/me`), `Ok(false)` when this account may not read users (403): 404s are then told
    /// apart by their Graph code as before. A missing user is `graph.not_found`.
    pub(crate) async fn resolve_user(&self, who: &Subject) -> Result<bool, GraphError> {
        let Subject::User(id) = who else {
            return Ok(true);
        };
        let key = id.trim().to_lowercase();
        if self.known_users.lock().is_ok_and(|k| k.contains(&key)) {
            return Ok(true);
        }
        if id.trim().is_empty() {
            return Err(GraphError::InvalidRequest(
                "the user id or UPN is empty".into(),
            ));
        }
        let mut url = self.url(&["users", id.trim()]);
        url.query_pairs_mut().append_pair("$select", "id");
        match self
            .call(
                Method::GET,
                &url,
                Body::None,
                RetryClass::Idempotent,
                &[],
                USERS_READ,
            )
            .await
        {
            Ok(_) => {
                if let Ok(mut known) = self.known_users.lock() {
                    // A bound, for long-running processes that touch many users.
                    if known.len() >= MAX_KNOWN_USERS {
                        known.clear();
                    }
                    known.insert(key);
                }
                Ok(true)
            }
            Err(GraphError::Forbidden { .. }) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Whether `e`, from a read of `who`'s method, code or PIN, means "there is none".
    pub(crate) fn is_none(resolved: bool, e: &GraphError) -> bool {
        if resolved {
            matches!(e, GraphError::NotFound(_))
        } else {
            is_missing_item(e)
        }
    }

    /// E1: the user's QR code + PIN method, `None` when they have none. (A user that does not
    /// exist is an error, `graph.not_found`: see `GraphClient::resolve_user`.)
    pub async fn get_method(&self, who: &Subject) -> Result<Option<QrCodePinMethod>, GraphError> {
        let url = self.method_url(who, &[])?;
        let resolved = self.resolve_user(who).await?;
        match self.get_json(&url, &[], READ_METHOD).await {
            Ok(m) => Ok(Some(m)),
            Err(e) if GraphClient::is_none(resolved, &e) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// E2: creates the method (`PUT`). Graph answers 201 with the standard code's image and the
    /// PIN, once. If that answer is lost (reset, time-out, 504), the method is looked up with
    /// up to [`crate::TransportConfig::consistency_reads`] reads at growing intervals (a read
    /// right after a write may not see it yet): if a new one shows up, the create took effect
    /// and [`Created::Reconciled`] is returned. If none does, the PUT is sent once more; when
    /// that answers `tooManyQRCodePinMethod` (the first one did take effect, the reads were
    /// stale), the method is looked up again the same way and reported as reconciled. If it
    /// still cannot be seen, the first lost-answer error is returned (`graph.network`, "may
    /// have taken effect"), never `graph.method_exists`. A PUT that took effect is never sent
    /// twice to a method that could be read.
    pub async fn create_method(
        &self,
        who: &Subject,
        req: &CreateMethod,
    ) -> Result<Created<QrCodePinMethod>, GraphError> {
        let url = self.method_url(who, &[])?;
        // What was there before tells a method we created from an old (expired) one that a
        // PUT replaces: ids are never reused.
        let before = self.get_method(who).await?.map(|m| m.id);
        let body = Body::Json(req.to_body());
        let send = || {
            self.call(
                Method::PUT,
                &url,
                body.clone(),
                RetryClass::Once,
                &[],
                WRITE_METHOD,
            )
        };
        let read_new = || {
            self.read_until_new(
                before.as_deref(),
                |m: &QrCodePinMethod| &m.id,
                || self.get_method(who),
            )
        };
        let lost = match send().await {
            Ok(reply) => return decode(&reply, false).map(Created::Fresh),
            Err(
                e @ GraphError::Network {
                    maybe_applied: true,
                    ..
                },
            ) => e,
            Err(e) => return Err(e),
        };
        tracing::warn!("create answer lost; reconciling with reads");
        if let Some(m) = read_new().await? {
            return Ok(Created::Reconciled(m));
        }
        match send().await {
            Ok(reply) => decode(&reply, false).map(Created::Fresh),
            Err(GraphError::MethodAlreadyExists(_)) => {
                tracing::warn!("resent create found a method; reading it again");
                match read_new().await? {
                    Some(m) => Ok(Created::Reconciled(m)),
                    None => Err(lost),
                }
            }
            Err(e) => Err(e),
        }
    }

    /// Reads with `read` until it returns an object whose id is not `before`: at most
    /// `consistency_reads` reads, the first at once, then after `consistency_wait`, doubling.
    /// `None` when every read still showed nothing new.
    pub(crate) async fn read_until_new<T, F, Fut>(
        &self,
        before: Option<&str>,
        id: impl Fn(&T) -> &String,
        read: F,
    ) -> Result<Option<T>, GraphError>
    where
        F: Fn() -> Fut,
        Fut: std::future::Future<Output = Result<Option<T>, GraphError>>,
    {
        let cfg = self.transport.config();
        let mut wait = cfg.consistency_wait;
        for n in 0..cfg.consistency_reads.max(1) {
            if n > 0 {
                cfg.sleeper.sleep(wait).await;
                wait = wait.saturating_mul(2);
            }
            if let Some(t) = read().await? {
                if before != Some(id(&t).as_str()) {
                    return Ok(Some(t));
                }
            }
        }
        Ok(None)
    }

    /// E3: deletes the method with both codes and the PIN.
    pub async fn delete_method(&self, who: &Subject) -> Result<(), GraphError> {
        let url = self.method_url(who, &[])?;
        self.delete(&url, WRITE_METHOD).await
    }

    /// E12: every authentication method of the user (all pages).
    pub async fn list_methods(
        &self,
        who: &Subject,
    ) -> Result<Vec<AuthenticationMethod>, GraphError> {
        let mut segs = who.segments()?;
        segs.extend(["authentication", "methods"]);
        let mut url = self.url(&segs);
        let mut all = Vec::new();
        let mut pages = 1;
        loop {
            let page: Page<AuthenticationMethod> = self.get_json(&url, &[], READ_METHOD).await?;
            all.extend(page.value);
            match page.next_link {
                Some(next) => {
                    self.count_page(&mut pages)?;
                    url = self.same_origin(&next)?;
                }
                None => return Ok(all),
            }
        }
    }

    /// A DELETE that counts "already gone" as success when an earlier attempt's answer was lost.
    pub(crate) async fn delete(&self, url: &Url, needs: &str) -> Result<(), GraphError> {
        self.call(
            Method::DELETE,
            url,
            Body::None,
            RetryClass::Idempotent,
            &[],
            needs,
        )
        .await
        .map(drop)
    }

    /// Counts one more page to fetch; an error past the transport's `max_pages` (a cycle of
    /// nextLinks, or a listing larger than any this app needs).
    pub(crate) fn count_page(&self, pages: &mut usize) -> Result<(), GraphError> {
        *pages += 1;
        let max = self.transport.config().max_pages;
        if *pages > max {
            return Err(GraphError::UnexpectedResponse {
                detail: format!("more than {max} pages of results; not following nextLink"),
                request_id: None,
            });
        }
        Ok(())
    }

    /// Checks that a `@odata.nextLink` points at the same Graph origin and API version before
    /// sending it a token.
    pub(crate) fn same_origin(&self, link: &str) -> Result<Url, GraphError> {
        let url = Url::parse(link).map_err(|e| GraphError::UnexpectedResponse {
            detail: format!("nextLink is not a URL ({e})"),
            request_id: None,
        })?;
        let root = self.version_root();
        let under_root = url
            .path()
            .strip_prefix(root.path().trim_end_matches('/'))
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'));
        if url.origin() != root.origin()
            || !url.username().is_empty()
            || url.password().is_some()
            || !under_root
        {
            return Err(GraphError::UnexpectedResponse {
                detail: "nextLink points at another host; not following it".into(),
                request_id: None,
            });
        }
        Ok(url)
    }
}

/// How many users a client remembers as existing before it starts over.
const MAX_KNOWN_USERS: usize = 10_000;

/// A 404 about the item (no method, no code), not about the user, told by Graph's code: the
/// fallback when the user could not be looked up. The codes are the emulator's reading; the
/// docs name none.
pub(crate) fn is_missing_item(e: &GraphError) -> bool {
    matches!(e, GraphError::NotFound(api) if !api.code.eq_ignore_ascii_case("Request_ResourceNotFound"))
}

/// A collection page.
#[derive(serde::Deserialize)]
pub(crate) struct Page<T> {
    #[serde(default = "Vec::new")]
    pub value: Vec<T>,
    #[serde(rename = "@odata.nextLink", default)]
    pub next_link: Option<String>,
}

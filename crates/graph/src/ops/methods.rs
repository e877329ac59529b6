//! The method itself: get (E1), create (E2, reconciled when its answer is lost), delete (E3),
//! and the list of a user's authentication methods (E12).

use reqwest::Method;
use url::Url;

use crate::client::{decode, GraphClient, Subject};
use crate::models::{AuthenticationMethod, CreateMethod, QrCodePinMethod};
use crate::permissions::{READ_METHOD, WRITE_METHOD};
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

    /// E1: the user's QR code + PIN method, `None` when they have none. (A user that does not
    /// exist is an error, `graph.not_found`.)
    pub async fn get_method(&self, who: &Subject) -> Result<Option<QrCodePinMethod>, GraphError> {
        let url = self.method_url(who, &[])?;
        match self.get_json(&url, &[], READ_METHOD).await {
            Ok(m) => Ok(Some(m)),
            Err(e) if is_missing_item(&e) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// E2: creates the method (`PUT`). Graph answers 201 with the standard code's image and the
    /// PIN, once. If that answer is lost (reset, time-out, 504), the method is looked up: if a
    /// new one exists the create took effect and [`Created::Reconciled`] is returned; if not, the
    /// PUT is sent once more. It is never sent twice when the first one took effect.
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
        match self
            .call(
                Method::PUT,
                &url,
                body.clone(),
                RetryClass::Once,
                &[],
                WRITE_METHOD,
            )
            .await
        {
            Ok(reply) => decode(&reply, false).map(Created::Fresh),
            Err(GraphError::Network {
                maybe_applied: true,
                ..
            }) => {
                tracing::warn!("create answer lost; reconciling with a GET");
                match self.get_method(who).await? {
                    Some(m) if Some(&m.id) != before.as_ref() => Ok(Created::Reconciled(m)),
                    _ => {
                        let reply = self
                            .call(Method::PUT, &url, body, RetryClass::Once, &[], WRITE_METHOD)
                            .await?;
                        decode(&reply, false).map(Created::Fresh)
                    }
                }
            }
            Err(e) => Err(e),
        }
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

/// A 404 about the item (no method, no code), not about the user.
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

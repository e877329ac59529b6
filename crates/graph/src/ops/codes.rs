//! The standard and temporary QR codes: get (E4), create or update (E5, E6; an update that
//! creates a new code is told apart), delete (E7).

use chrono::{DateTime, Utc};
use reqwest::Method;
use serde_json::json;

use super::methods::Created;
use crate::client::{decode, decode_opt, GraphClient, Subject};
use crate::models::{CodeWindow, QrCode};
use crate::permissions::{READ_METHOD, WRITE_METHOD};
use crate::transport::{Body, RetryClass};
use crate::GraphError;

/// Which of the two codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QrKind {
    /// The long-lived badge code (1–395 days).
    Standard,
    /// The short-lived code for a forgotten badge (1–12 hours).
    Temporary,
}

impl QrKind {
    /// The navigation property, spelled as in the docs.
    pub fn segment(self) -> &'static str {
        match self {
            QrKind::Standard => "standardQRCode",
            QrKind::Temporary => "temporaryQRCode",
        }
    }
}

/// What an expiry update did (see [`GraphClient::update_standard_qr_expiry`]).
#[derive(Debug, Clone, PartialEq)]
pub enum ExpiryChange {
    /// The existing code got the new expiry (200/204; no image).
    Extended(QrCode),
    /// There was no active code and Graph created a new one (201, or an answer carrying an
    /// `image`): its image, when present, is shown only this once.
    Issued(QrCode),
}

impl ExpiryChange {
    /// The code, extended or new.
    pub fn code(&self) -> &QrCode {
        match self {
            ExpiryChange::Extended(c) | ExpiryChange::Issued(c) => c,
        }
    }

    /// The code, owned.
    pub fn into_code(self) -> QrCode {
        match self {
            ExpiryChange::Extended(c) | ExpiryChange::Issued(c) => c,
        }
    }

    /// True when a new code was created.
    pub fn is_issued(&self) -> bool {
        matches!(self, ExpiryChange::Issued(_))
    }
}

impl GraphClient {
    /// E4: the code without its image, `None` when there is none. Accepts the bare object and
    /// the `{"value": …}` wrapper of one published example.
    pub async fn get_qr_code(
        &self,
        who: &Subject,
        kind: QrKind,
    ) -> Result<Option<QrCode>, GraphError> {
        let url = self.method_url(who, &[kind.segment()])?;
        let resolved = self.resolve_user(who).await?;
        let reply = match self
            .call(
                Method::GET,
                &url,
                Body::None,
                RetryClass::Idempotent,
                &[],
                READ_METHOD,
            )
            .await
        {
            Ok(r) => r,
            Err(e) if GraphClient::is_none(resolved, &e) => return Ok(None),
            Err(e) => return Err(e),
        };
        // "200 with null" or 204 are also possible readings of "no temporary code".
        match reply.json()? {
            None | Some(serde_json::Value::Null) => Ok(None),
            Some(v) if v.get("value").is_some_and(serde_json::Value::is_null) => Ok(None),
            Some(_) => decode(&reply, true).map(Some),
        }
    }

    /// E5 (create): a new standard code, e.g. to replace a lost badge after deleting the old
    /// one. Answer 201 with the image, once; a lost answer is reconciled like
    /// [`GraphClient::create_method`].
    pub async fn create_standard_qr_code(
        &self,
        who: &Subject,
        window: &CodeWindow,
    ) -> Result<Created<QrCode>, GraphError> {
        self.create_code(who, QrKind::Standard, window).await
    }

    /// E6: a temporary code (1–12 hours; at most one active). Answer 201 with the image, once.
    pub async fn create_temporary_qr_code(
        &self,
        who: &Subject,
        window: &CodeWindow,
    ) -> Result<Created<QrCode>, GraphError> {
        self.create_code(who, QrKind::Temporary, window).await
    }

    async fn create_code(
        &self,
        who: &Subject,
        kind: QrKind,
        window: &CodeWindow,
    ) -> Result<Created<QrCode>, GraphError> {
        let url = self.method_url(who, &[kind.segment()])?;
        let before = self.get_qr_code(who, kind).await?.map(|c| c.id);
        let mut body = json!({ "@odata.type": "#microsoft.graph.qrCode" });
        if let (Some(map), Ok(serde_json::Value::Object(fields))) =
            (body.as_object_mut(), serde_json::to_value(window))
        {
            map.extend(fields);
        }
        let body = Body::Json(body);
        let send = || {
            self.call(
                Method::PATCH,
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
                |c: &QrCode| &c.id,
                || self.get_qr_code(who, kind),
            )
        };
        let lost = match send().await {
            Ok(reply) => return decode(&reply, true).map(Created::Fresh),
            Err(
                e @ GraphError::Network {
                    maybe_applied: true,
                    ..
                },
            ) => e,
            Err(e) => return Err(e),
        };
        tracing::warn!("QR code create answer lost; reconciling with reads");
        if let Some(c) = read_new().await? {
            return Ok(Created::Reconciled(c));
        }
        match send().await {
            Ok(reply) => decode(&reply, true).map(Created::Fresh),
            // The first PATCH did take effect; the reads were stale.
            Err(GraphError::ActiveCodeExists(_)) => match read_new().await? {
                Some(c) => Ok(Created::Reconciled(c)),
                None => Err(lost),
            },
            Err(e) => Err(e),
        }
    }

    /// E5 (update): moves the standard code's expiry (at most 395 days after its start).
    ///
    /// The same PATCH creates a new code when there is no active one: "Create a standard or
    /// temporary QR code, if there is no active QR code" (v1.0 `api/qrcode-update.md`,
    /// <https://learn.microsoft.com/graph/api/qrcode-update?view=graph-rest-1.0>), and that
    /// answer carries the new image, once. So a 201, or any answer with an `image`, is
    /// [`ExpiryChange::Issued`]: show or print it now, it is never returned again. The docs give
    /// 200, 201 and 204 for an update; an answer without body is followed by a GET
    /// ([`ExpiryChange::Extended`]). A lost answer is not resent (a resend after a PATCH that
    /// issued a code would read as an extension and hide the new image): it is
    /// `graph.network` with "may have taken effect".
    pub async fn update_standard_qr_expiry(
        &self,
        who: &Subject,
        expire: DateTime<Utc>,
    ) -> Result<ExpiryChange, GraphError> {
        let url = self.method_url(who, &[QrKind::Standard.segment()])?;
        let body = json!({
            "@odata.type": "#microsoft.graph.qrCode",
            "expireDateTime": crate::models::time::format(&expire),
        });
        let reply = self
            .call(
                Method::PATCH,
                &url,
                Body::Json(body),
                RetryClass::Once,
                &[],
                WRITE_METHOD,
            )
            .await?;
        let created = reply.status == 201;
        let code = match decode_opt::<QrCode>(&reply, true)? {
            Some(code) => code,
            None => self
                .get_qr_code(who, QrKind::Standard)
                .await?
                .ok_or_else(|| GraphError::UnexpectedResponse {
                    detail: "the updated standard QR code is gone".into(),
                    request_id: reply.request_id.clone(),
                })?,
        };
        // The docs also give 201 for an update of an existing code (and the emulator can
        // answer so): a 201 is still read as a new code, as the contract with core says; a
        // caller that read the code before can compare ids to tell.
        Ok(if created || code.image.is_some() {
            ExpiryChange::Issued(code)
        } else {
            ExpiryChange::Extended(code)
        })
    }

    /// E7: deletes one code; the method and the PIN stay.
    pub async fn delete_qr_code(&self, who: &Subject, kind: QrKind) -> Result<(), GraphError> {
        let url = self.method_url(who, &[kind.segment()])?;
        self.delete(&url, WRITE_METHOD).await
    }
}

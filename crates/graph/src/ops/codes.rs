//! The standard and temporary QR codes: get (E4), create or update (E5, E6), delete (E7).

use chrono::{DateTime, Utc};
use reqwest::Method;
use serde_json::json;

use super::methods::{is_missing_item, Created};
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

impl GraphClient {
    /// E4: the code without its image, `None` when there is none. Accepts the bare object and
    /// the `{"value": …}` wrapper of one published example.
    pub async fn get_qr_code(
        &self,
        who: &Subject,
        kind: QrKind,
    ) -> Result<Option<QrCode>, GraphError> {
        let url = self.method_url(who, &[kind.segment()])?;
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
            Err(e) if is_missing_item(&e) => return Ok(None),
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
        match send().await {
            Ok(reply) => decode(&reply, true).map(Created::Fresh),
            Err(GraphError::Network {
                maybe_applied: true,
                ..
            }) => {
                tracing::warn!("QR code create answer lost; reconciling with a GET");
                match self.get_qr_code(who, kind).await? {
                    Some(c) if Some(&c.id) != before.as_ref() => Ok(Created::Reconciled(c)),
                    _ => decode(&send().await?, true).map(Created::Fresh),
                }
            }
            Err(e) => Err(e),
        }
    }

    /// E5 (update): moves the standard code's expiry (at most 395 days after its start). The
    /// docs give 200, 201 and 204 for this; an answer without body is followed by a GET.
    pub async fn update_standard_qr_expiry(
        &self,
        who: &Subject,
        expire: DateTime<Utc>,
    ) -> Result<QrCode, GraphError> {
        let url = self.method_url(who, &[QrKind::Standard.segment()])?;
        let body = json!({
            "@odata.type": "#microsoft.graph.qrCode",
            "expireDateTime": crate::models::time::format(&expire),
        });
        // Setting the same expiry twice is harmless, so a lost answer may be resent.
        let reply = self
            .call(
                Method::PATCH,
                &url,
                Body::Json(body),
                RetryClass::Idempotent,
                &[],
                WRITE_METHOD,
            )
            .await?;
        match decode_opt(&reply, true)? {
            Some(code) => Ok(code),
            None => self
                .get_qr_code(who, QrKind::Standard)
                .await?
                .ok_or_else(|| GraphError::UnexpectedResponse {
                    detail: "the updated standard QR code is gone".into(),
                    request_id: reply.request_id.clone(),
                }),
        }
    }

    /// E7: deletes one code; the method and the PIN stay.
    pub async fn delete_qr_code(&self, who: &Subject, kind: QrKind) -> Result<(), GraphError> {
        let url = self.method_url(who, &[kind.segment()])?;
        self.delete(&url, WRITE_METHOD).await
    }
}

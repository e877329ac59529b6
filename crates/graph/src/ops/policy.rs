//! The tenant's QR code + PIN policy: get (E13), update (E14), revert to defaults (E15).

use reqwest::Method;
use url::Url;

use crate::client::{decode_opt, GraphClient};
use crate::models::{PolicyUpdate, QrCodePinPolicy};
use crate::permissions::{POLICY_READ, POLICY_WRITE};
use crate::transport::{Body, RetryClass};
use crate::GraphError;

impl GraphClient {
    fn policy_url(&self) -> Url {
        // v1.0 spells the id `qrCodePin`, beta `QRCodePin`; Graph matches ids case-insensitively.
        self.url(&[
            "policies",
            "authenticationMethodsPolicy",
            "authenticationMethodConfigurations",
            "qrCodePin",
        ])
    }

    /// E13: the policy (state, PIN length, standard code lifetime, targets).
    pub async fn get_policy(&self) -> Result<QrCodePinPolicy, GraphError> {
        self.get_json(&self.policy_url(), &[], POLICY_READ).await
    }

    /// E14: changes the policy and returns it. The v1.0 page answers 200 with the policy, the
    /// beta page and the Entra how-to 204: after a 204 the policy is read back.
    pub async fn update_policy(
        &self,
        update: &PolicyUpdate,
    ) -> Result<QrCodePinPolicy, GraphError> {
        let url = self.policy_url();
        let reply = self
            .call(
                Method::PATCH,
                &url,
                Body::Json(update.to_body()),
                RetryClass::Idempotent,
                &[],
                POLICY_WRITE,
            )
            .await?;
        match decode_opt(&reply, false)? {
            Some(p) => Ok(p),
            None => self.get_policy().await,
        }
    }

    /// E15: deletes the policy, which reverts it to Microsoft's defaults.
    pub async fn delete_policy(&self) -> Result<(), GraphError> {
        self.delete(&self.policy_url(), POLICY_WRITE).await
    }
}

//! A manager's approvals: finding the worker, approving and confirming the reset of that one
//! worker's PIN, and approving leaving kiosk mode.

use std::sync::atomic::Ordering;

use qrstation_graph::Subject;

use super::approval;
use super::{person_of, ApprovalPurpose, DeviceCodePrompt, Flow, Kiosk, Person};
use super::{ResetApproval, TemporaryPin};
use crate::scopes::{LEAVE_KIOSK_SCOPES, MANAGER_SCOPES};
use crate::{CoreError, Result};

impl Kiosk {
    /// The people what a worker typed (a name or their UPN) may mean, before any manager is
    /// asked: one for a UPN, up to five for a name from the local directory cache (the worker
    /// picks one when there are several). Nobody found: the worker types their UPN.
    pub async fn find_worker(&self, typed: &str) -> Result<Vec<Person>> {
        approval::candidates(&self.store, typed).await
    }

    /// A manager approves the reset of one worker's PIN by signing in with the device code
    /// `show` puts on screen. `worker` is a person's id as [`Kiosk::find_worker`] returned it,
    /// or a UPN; it is bound before the sign-in starts, the prompt names it, and after the
    /// sign-in Graph must confirm the same person. The manager then confirms with
    /// [`Kiosk::reset_pin`].
    pub async fn manager_approve(
        &self,
        worker: &str,
        show: impl FnOnce(DeviceCodePrompt),
    ) -> Result<ResetApproval> {
        let bound = approval::bind(&self.store, worker).await?;
        let purpose = ApprovalPurpose::ResetPin {
            worker: bound.clone(),
        };
        let (id, tokens) = self
            .device_sign_in(MANAGER_SCOPES, Some(purpose), None, show)
            .await?;
        let manager = person_of(tokens.account.as_ref())?;
        // Fail closed: only proof of a managing role in this tenant approves (role
        // assignments, unit-scoped ones included; `wids` only when those are refused).
        let allowed = self.may_approve(&tokens).await?;
        if !allowed {
            let err = CoreError::NotAManager;
            self.end(id);
            self.audit(
                &manager.upn,
                crate::store::audit::AuditAction::KioskApprove,
                &bound.upn,
                Err(&err),
            )
            .await;
            return Err(err);
        }
        let graph = self.tenant.graph(tokens.access_token);
        if let Ok(policy) = graph.get_policy().await {
            if let Some(len) = policy.pin_length {
                self.pin_length.store(len.clamp(8, 20), Ordering::Relaxed);
            }
        }
        let worker = match approval::confirm(&graph, &bound).await {
            Ok(w) => w,
            Err(e) => {
                self.end(id);
                self.audit(
                    &manager.upn,
                    crate::store::audit::AuditAction::KioskApprove,
                    &bound.upn,
                    Err(&e),
                )
                .await;
                return Err(e);
            }
        };
        self.audit(
            &manager.upn,
            crate::store::audit::AuditAction::KioskApprove,
            &worker.upn,
            Ok(()),
        )
        .await;
        self.install(
            id,
            Flow::Manager {
                id,
                graph,
                manager: manager.clone(),
                worker: worker.clone(),
            },
        )?;
        self.remember(&worker).await;
        Ok(ResetApproval { manager, worker })
    }

    /// The manager confirms the reset of the approved worker, whose object id is
    /// `worker_id`: the PIN of that worker, and of nobody else, is reset, and the flow ends
    /// (the manager's token is dropped before the temporary PIN is shown). Any other id ends
    /// the approval unused.
    pub async fn reset_pin(&self, worker_id: &str) -> Result<TemporaryPin> {
        // The approval is used up here, under the lock: a second reset (in parallel or later)
        // finds no flow.
        let (graph, manager, worker) = {
            let mut s = self.lock();
            if !matches!(s.flow, Flow::Manager { .. }) {
                return Err(CoreError::KioskFlowEnded);
            }
            match std::mem::replace(&mut s.flow, Flow::Idle) {
                Flow::Manager {
                    graph,
                    manager,
                    worker,
                    ..
                } => (graph, manager, worker),
                _ => return Err(CoreError::KioskFlowEnded),
            }
        };
        if worker.id.is_empty() || !worker.id.eq_ignore_ascii_case(worker_id.trim()) {
            drop(graph);
            let err = CoreError::KioskApprovalMismatch(worker.upn.clone());
            self.audit(
                &manager.upn,
                crate::store::audit::AuditAction::KioskPinReset,
                &worker.upn,
                Err(&err),
            )
            .await;
            return Err(err);
        }
        let result = graph.reset_pin(&Subject::user(&worker.id)).await;
        drop(graph);
        let result = result
            .map_err(CoreError::from)
            .and_then(|p| p.code.ok_or(CoreError::PinNotReturned));
        let audit_result = result.as_ref().map(|_| ());
        self.audit(
            &manager.upn,
            crate::store::audit::AuditAction::KioskPinReset,
            &worker.upn,
            audit_result,
        )
        .await;
        Ok(TemporaryPin {
            worker,
            pin: result?.expose().to_owned(),
        })
    }

    /// A manager signs in to leave kiosk mode; only someone who may manage methods may. This
    /// sign-in asks only to read the manager's role assignments, so it can never reset a PIN, and a reset
    /// approval never leaves the kiosk.
    pub async fn approve_exit(&self, show: impl FnOnce(DeviceCodePrompt)) -> Result<Person> {
        // The ID token (tenant, `wids`) and reading role assignments: nothing that writes.
        let (id, tokens) = self
            .device_sign_in(
                LEAVE_KIOSK_SCOPES,
                Some(ApprovalPurpose::LeaveKiosk),
                None,
                show,
            )
            .await?;
        self.end(id);
        let manager = person_of(tokens.account.as_ref())?;
        // Leaving the kiosk needs proof of a managing role in this tenant (the same check as
        // an approval); an ID token that lists no roles is not proof.
        let result = if self.may_approve(&tokens).await? {
            Ok(())
        } else {
            Err(CoreError::NotAManager)
        };
        self.audit(
            &manager.upn,
            crate::store::audit::AuditAction::KioskExit,
            "",
            result.as_ref().copied(),
        )
        .await;
        result.map(|()| manager)
    }
}

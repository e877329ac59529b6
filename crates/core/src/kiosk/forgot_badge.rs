//! "I forgot my badge": a manager approves a temporary QR code for one worker (bound before the
//! sign-in, confirmed by Graph after it, as for a PIN reset), picks its hours (1–12, Microsoft's
//! range for a temporary code), and the kiosk draws it from Graph's `rawContent` for the screen
//! only, where the worker scans it with the shared device. A worker who already has an active
//! temporary code is told so; a new one replaces it only when the manager chooses that.
//!
//! No PIN is checked here, so the wrong-PIN limiter has nothing to count; the approval follows
//! the reset's rules (one flow at a time, the idle and age limits, the token dropped before the
//! code is shown). The write is audited first (`Store::begin_audit`); the row holds who, for
//! whom and how it ended, never the code.

use chrono::{Duration, Utc};
use qrstation_graph::models::method::ErrorCorrectionLevel;
use qrstation_graph::models::CodeWindow;
use qrstation_graph::{GraphError, QrKind, Subject};
use qrstation_label::qr::{encode, Ecc};

use super::{approval, person_of, ApprovalPurpose, DeviceCodePrompt, Flow, Kiosk};
use super::{BadgeApproval, TemporaryBadge};
use crate::scopes::MANAGER_SCOPES;
use crate::store::audit::{AuditAction, AuditEntry};
use crate::{CoreError, Result};

/// The fewest hours a temporary code lasts: "the lifetime must be between 1-12 hours"
/// (`resources/qrcode.md`, v1.0).
pub const MIN_HOURS: u32 = 1;
/// The most hours a temporary code lasts (Graph refuses more with `qrCodeLifeTimeExceedLimit`).
pub const MAX_HOURS: u32 = 12;
/// The hours offered first: one shift. The tenant's policy has no temporary lifetime to read
/// (only `standardQRCodeLifetimeInDays`), so this is the kiosk's own choice.
pub const DEFAULT_HOURS: u32 = 8;
/// Seconds the code stays on screen before the kiosk hides it.
pub const SHOW_SECONDS: u32 = 60;

/// Modules of white around the code (the QR standard's quiet zone).
const QUIET_ZONE: u32 = 4;

impl Kiosk {
    /// A manager approves a temporary QR code for one worker by signing in with the device code
    /// `show` puts on screen. `worker` is a person's id as [`Kiosk::find_worker`] returned it,
    /// or a UPN: bound before the sign-in (the prompt names that worker and the purpose), and
    /// after it Graph must confirm the same person. The answer says whether the worker has a
    /// method and an active temporary code; the manager then goes on with
    /// [`Kiosk::issue_temporary_code`].
    pub async fn approve_temporary_code(
        &self,
        worker: &str,
        show: impl FnOnce(DeviceCodePrompt),
    ) -> Result<BadgeApproval> {
        const ACTION: AuditAction = AuditAction::KioskApproveTemporaryCode;
        let bound = approval::bind(&self.store, worker).await?;
        let purpose = ApprovalPurpose::TemporaryCode {
            worker: bound.clone(),
        };
        let (id, tokens) = self
            .device_sign_in(MANAGER_SCOPES, Some(purpose), None, show)
            .await?;
        let manager = match person_of(tokens.account.as_ref()) {
            Ok(m) => m,
            Err(e) => {
                self.end(id);
                return Err(e);
            }
        };
        let allowed = match self.may_approve(&tokens).await {
            Ok(a) => a,
            Err(e) => {
                self.end(id);
                return Err(e);
            }
        };
        if !allowed {
            let err = CoreError::NotAManager;
            self.end(id);
            self.audit(&manager.upn, ACTION, &bound.upn, Err(&err))
                .await;
            return Err(err);
        }
        let graph = self.tenant.graph(tokens.access_token);
        let checked = async {
            let worker = approval::confirm(&graph, &bound).await?;
            let method = graph.get_method(&Subject::user(&worker.id)).await?;
            Ok::<_, CoreError>((worker, method))
        }
        .await;
        let (worker, method) = match checked {
            Ok(found) => found,
            Err(e) => {
                self.end(id);
                self.audit(&manager.upn, ACTION, &bound.upn, Err(&e)).await;
                return Err(e);
            }
        };
        let now = Utc::now();
        let active_until = method
            .as_ref()
            .and_then(|m| m.temporary_qr_code.as_ref())
            .filter(|c| c.is_active_at(now))
            .map(|c| {
                c.expire_date_time
                    .map_or(i64::MAX, |t| t.timestamp_millis())
            });
        self.audit(&manager.upn, ACTION, &worker.upn, Ok(())).await;
        self.install(
            id,
            Flow::Badge {
                id,
                graph,
                manager: manager.clone(),
                worker: worker.clone(),
            },
        )?;
        self.remember(&worker).await;
        Ok(BadgeApproval {
            manager,
            worker,
            has_method: method.is_some(),
            active_until,
            default_hours: DEFAULT_HOURS,
            min_hours: MIN_HOURS,
            max_hours: MAX_HOURS,
        })
    }

    /// The manager confirms the temporary code for the approved worker, whose object id is
    /// `worker_id`, valid from now for `hours` (1–12). With `replace`, the worker's active
    /// temporary code is deleted first; without it, an active one makes Graph refuse
    /// (`graph.active_code_exists`). The approval is used up either way (the manager's token is
    /// dropped before the code is drawn); any other id ends it unused. Hours out of range are
    /// refused before the approval is touched.
    pub async fn issue_temporary_code(
        &self,
        worker_id: &str,
        hours: u32,
        replace: bool,
    ) -> Result<TemporaryBadge> {
        if !(MIN_HOURS..=MAX_HOURS).contains(&hours) {
            return Err(CoreError::InvalidLifetime(format!(
                "a temporary QR code lasts {MIN_HOURS} to {MAX_HOURS} hours, not {hours}"
            )));
        }
        // Used up here, under the lock: a second call (in parallel or later) finds no flow.
        let (graph, manager, worker) = {
            let mut s = self.lock();
            if !matches!(s.flow, Flow::Badge { .. }) {
                return Err(CoreError::KioskFlowEnded);
            }
            match std::mem::replace(&mut s.flow, Flow::Idle) {
                Flow::Badge {
                    graph,
                    manager,
                    worker,
                    ..
                } => (graph, manager, worker),
                _ => return Err(CoreError::KioskFlowEnded),
            }
        };
        let action = if replace {
            AuditAction::KioskTemporaryCodeReplace
        } else {
            AuditAction::KioskTemporaryCode
        };
        if worker.id.is_empty() || !worker.id.eq_ignore_ascii_case(worker_id.trim()) {
            drop(graph);
            let err = CoreError::KioskApprovalMismatch(worker.upn.clone());
            self.audit(&manager.upn, action, &worker.upn, Err(&err))
                .await;
            return Err(err);
        }
        // Audit first: a store that cannot take the row stops the write.
        let row = self
            .store
            .begin_audit(&manager.upn, action.clone(), Some(&worker.upn))
            .await?;
        let who = Subject::user(&worker.id);
        let created = async {
            if replace {
                match graph.delete_qr_code(&who, QrKind::Temporary).await {
                    Ok(()) | Err(GraphError::NotFound(_)) => {}
                    Err(e) => return Err(CoreError::from(e)),
                }
            }
            let start = Utc::now();
            let window = CodeWindow::new(start, start + Duration::hours(i64::from(hours)));
            Ok(graph.create_temporary_qr_code(&who, &window).await?)
        }
        .await;
        drop(graph);
        let drawn = created.and_then(|c| {
            let code = c.value();
            let image = code.image.as_ref().filter(|i| !i.raw_content.is_empty());
            let Some(image) = image else {
                // The create took effect but its answer (the only copy of the code) was lost.
                return Err(CoreError::QrNotDrawable(
                    "Microsoft's answer with the code was lost: start again and replace it".into(),
                ));
            };
            let svg = svg(
                &image.raw_content,
                image.error_correction_level,
                image.version,
            )?;
            Ok((svg, code.start_date_time, code.expire_date_time))
        });
        let entry = AuditEntry::of(
            &manager.upn,
            action,
            Some(&worker.upn),
            drawn.as_ref().map(|_| ()),
        );
        self.store.finish_audit(row, &entry).await;
        let (qr_svg, starts, expires) = drawn?;
        let now = Utc::now().timestamp_millis();
        Ok(TemporaryBadge {
            worker,
            qr_svg,
            starts: starts.map_or(now, |t| t.timestamp_millis()),
            expires: expires.map_or(now, |t| t.timestamp_millis()),
            show_seconds: SHOW_SECONDS,
            replaced: replace,
        })
    }
}

/// Graph's level as the label crate names it; H when Graph names none it knows.
fn ecc(level: Option<ErrorCorrectionLevel>) -> Ecc {
    match level {
        Some(ErrorCorrectionLevel::L) => Ecc::L,
        Some(ErrorCorrectionLevel::M) => Ecc::M,
        Some(ErrorCorrectionLevel::Q) => Ecc::Q,
        _ => Ecc::H,
    }
}

/// An SVG of the QR code of `raw` (Graph's `rawContent`), encoded by the label crate as a badge
/// is (Graph's level and, where the payload fits it, its version), black on white with the
/// quiet zone, one path of merged module rectangles. Nothing of it is logged.
pub(super) fn svg(
    raw: &[u8],
    level: Option<ErrorCorrectionLevel>,
    version: Option<i32>,
) -> Result<String> {
    let reported = version.and_then(|v| u8::try_from(v).ok());
    let matrix = encode(raw, ecc(level), reported)?.matrix;
    let side = matrix.width + 2 * QUIET_ZONE;
    let mut path = String::with_capacity(matrix.width as usize * matrix.width as usize);
    for [x, y, w, h] in matrix.rectangles() {
        let (x, y) = (x + QUIET_ZONE, y + QUIET_ZONE);
        path.push_str(&format!("M{x} {y}h{w}v{h}h-{w}z"));
    }
    let out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {side} {side}\" \
         shape-rendering=\"crispEdges\"><rect width=\"{side}\" height=\"{side}\" fill=\"#fff\"/>\
         <path fill=\"#000\" d=\"{path}\"/></svg>"
    );
    zeroize::Zeroize::zeroize(&mut path);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use qrstation_label::raster::Canvas;
    use qrstation_label::verify::{qr_image_matches, QrImageCheck};

    /// Draws `svg` (as [`super::svg`] writes it) at 6 pixels a module, as a PNG.
    pub(crate) fn png_of(svg: &str) -> Vec<u8> {
        let side: u32 = svg
            .split("viewBox=\"0 0 ")
            .nth(1)
            .and_then(|r| r.split(' ').next())
            .and_then(|n| n.parse().ok())
            .expect("a viewBox");
        let d = svg
            .split(" d=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let scale = 6;
        let mut canvas = Canvas::new(side * scale, side * scale);
        for rect in d.split('M').filter(|r| !r.is_empty()) {
            let nums: Vec<u32> = rect
                .trim_end_matches('z')
                .split(['h', 'v', ' '])
                .filter(|n| !n.is_empty() && !n.starts_with('-'))
                .map(|n| n.parse().unwrap())
                .collect();
            let [x, y, w, h] = nums[..] else {
                panic!("a rectangle")
            };
            for row in y * scale..(y + h) * scale {
                for col in x * scale..(x + w) * scale {
                    canvas.pixels[(row * side * scale + col) as usize] = 0;
                }
            }
        }
        qrstation_label::png_out::encode(&canvas, 96).unwrap()
    }

    #[test]
    fn the_svg_reads_back_as_the_raw_content() {
        let raw = b"ms-qrpin:v1|ana@contoso.com|8DF9D1B6-B4BD-4EF8-8E90-2CC63C549C80|c2VjcmV0";
        for level in [None, Some(super::ErrorCorrectionLevel::L)] {
            let svg = super::svg(raw, level, Some(1)).unwrap();
            assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
            assert!(
                !svg.contains("ms-qrpin"),
                "the payload is drawn, not written"
            );
            assert_eq!(qr_image_matches(&png_of(&svg), raw), QrImageCheck::Matches);
        }
    }

    #[test]
    fn an_empty_payload_is_refused() {
        assert!(super::svg(b"", None, None).is_err());
    }
}

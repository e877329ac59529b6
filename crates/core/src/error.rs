//! The one error type of `qrstation-core`, with a stable machine-readable code per variant.

use std::path::PathBuf;

/// Everything that can go wrong in core. Messages name files and settings, never secrets.
#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    /// A file or directory could not be read, written or created.
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        /// What was being done: `read`, `write`, `create`…
        action: &'static str,
        /// The file or directory.
        path: PathBuf,
        /// What the OS said.
        #[source]
        source: std::io::Error,
    },
    /// The settings file exists but is not valid.
    #[error("settings file {} is not valid: {reason}", path.display())]
    InvalidSettings {
        /// The settings file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// The local database could not be opened, read or written.
    #[error("local database {}: {reason}", path.display())]
    Database {
        /// The database file.
        path: PathBuf,
        /// What failed.
        reason: String,
    },
    /// A schema migration failed; the database is left as it was before that migration.
    #[error("cannot upgrade local database {}: {reason}", path.display())]
    Migration {
        /// The database file.
        path: PathBuf,
        /// What failed.
        reason: String,
    },
    /// Graph reset the PIN but its answer held no PIN: nobody knows the new one.
    #[error("the PIN was reset but Microsoft Graph did not return the new PIN: reset it again")]
    PinNotReturned,
    /// An action that needs a signed-in operator was asked for before sign-in.
    #[error("sign in first")]
    NotSignedIn,
    /// The embedded demo tenant could not start or answer.
    #[error("demo tenant: {0}")]
    Demo(String),
    /// A time given as unix milliseconds that no calendar holds.
    #[error("{0} is not a time")]
    InvalidTime(i64),
    /// A background task (rendering, printing, a bulk worker) stopped before it answered;
    /// names what it was doing.
    #[error("{0} stopped before it finished")]
    TaskStopped(String),
    /// A QR payload handed to rendering is not the base64 Graph sends.
    #[error("the QR payload is not base64")]
    BadQrPayload,
    /// A lifetime out of range: a temporary QR code's hours, or a standard code's days.
    #[error("{0}")]
    InvalidLifetime(String),
    /// A code window that ends before (or when) it starts; names what the window is for.
    #[error("the {0} must expire after it starts")]
    EndsBeforeStart(String),
    /// A new expiry that is not in the future.
    #[error("the new expiry must be in the future")]
    ExpiryInPast,
    /// The operating system gave no random bytes (needed for job ids).
    #[error("this computer gave no random numbers: {0}")]
    NoRandomness(String),
    /// The Entra settings lack the tenant or the app registration's client id.
    #[error("enter the tenant (domain or id) and the app registration's client id")]
    EntraIncomplete,
    /// An Entra sign-in was asked for, but no Entra tenant is configured.
    #[error("no Microsoft Entra tenant is configured: enter the tenant and client id first")]
    EntraNotConfigured,
    /// A kiosk whose settings name a multi-tenant authority (`common`, `organizations`,
    /// `consumers`) instead of one tenant; holds the name given.
    #[error("a kiosk needs one tenant (its id or domain), not '{0}': anyone from another tenant could otherwise approve resets or leave the kiosk")]
    KioskNeedsOneTenant(String),
    /// A kiosk was pointed at a bearer token: it signs each person in itself.
    #[error("a kiosk signs people in itself: it cannot work with a bearer token")]
    KioskNoBearerToken,
    /// A kiosk PIN change whose new PIN is the current one.
    #[error("the new PIN must be different from the current one")]
    KioskPinUnchanged,
    /// A kiosk PIN change while the last PIN for this worker is still being checked.
    #[error("the last PIN is still being checked: wait a moment")]
    KioskPinBusy,
    /// The person who signed in to confirm a kiosk PIN change is not the worker it is for.
    #[error("{signed_in} signed in, but this PIN change is for {expected}: start again")]
    KioskOtherPerson {
        /// Who signed in.
        signed_in: String,
        /// Whom the PIN change is for.
        expected: String,
    },
    /// A manager's approval used to reset someone other than the worker it names (holds that
    /// worker's sign-in name).
    #[error("this approval is for {0} only: start again")]
    KioskApprovalMismatch(String),
    /// A kiosk worker search with a partial sign-in name (it has an `@` but is not whole).
    #[error("type the whole sign-in name, like ana@contoso.com")]
    KioskPartialUpn,
    /// A kiosk worker search with too few letters of a name.
    #[error("type at least three letters of the name")]
    KioskNameTooShort,
    /// An address too long (or otherwise impossible) to draw as a QR code.
    #[error("cannot draw a QR code of that address: {0}")]
    QrNotDrawable(String),
    /// No bulk job has that id.
    #[error("there is no bulk job {0}")]
    BulkJobNotFound(String),
    /// A renewal scan of an administrative unit before unit scoping (#16 §1) is available.
    #[error(
        "renewals by administrative unit ({0}) are not available yet: pick an office or department"
    )]
    RenewalUnitUnavailable(String),
    /// The station works in one store (administrative unit) and this person is not in it:
    /// refused before Graph is asked (#16 §1). Holds the store's name.
    #[error(
        "that person is not in {0}, the store this station works in: ask a manager of their store"
    )]
    ScopeOutsideUnit(String),
    /// A bulk job's options cannot be written to or read back from the journal.
    #[error("the bulk job's options cannot be stored or read: {0}")]
    BulkJobOptions(String),
    /// A bulk plan with problems that stop the whole job was asked to run.
    #[error("the file has problems that stop the whole job (see the plan)")]
    BulkPlanBlocked,
    /// A bulk run asked for with no current plan (never planned, or already used).
    #[error("plan the file again first")]
    BulkPlanStale,
    /// A bulk job was asked for while another is running.
    #[error("a bulk job is running: wait for it, or cancel it")]
    BulkBusy,
    /// PIN slips asked for without a badge sheet file or a folder to write them to.
    #[error("PIN slips need a badge sheet file or a folder to go to")]
    BulkPinSlipsNowhere,
    /// A PIN that breaks the QR code + PIN policy; refused before any network call.
    #[error("{0}")]
    PinRejected(crate::PinRejection),
    /// A kiosk step came after its flow ended (cancelled, timed out, or finished).
    #[error("this step has ended: start again")]
    KioskFlowEnded,
    /// The person who signed in to approve may not manage other people's PINs.
    #[error("this account may not approve PIN resets or leave the kiosk: it needs the Authentication Administrator role (or a higher one)")]
    NotAManager,
    /// Too many wrong PINs for this worker at this kiosk: it waits out the cool-down.
    #[error("too many wrong PINs: wait for the cool-down, or ask a manager to reset the PIN")]
    KioskLocked,
    /// A kiosk command in an app that is not running as a kiosk.
    #[error("the app is not running as a kiosk")]
    NotKiosk,
    /// The worker a reset is for cannot be named as exactly one person (not known here, not
    /// found or disabled in the directory, or no longer the person the approval named).
    #[error("{0}")]
    KioskWorkerNotFound(String),
    /// This computer was a kiosk (its marker file is there) but its settings are missing or
    /// cannot be read: it refuses to start rather than open the manager window.
    #[error("this computer is set up as a kiosk ({}), but its settings {} {reason}: restore the settings file, or delete the marker file to make this computer a station again", marker.display(), settings.display())]
    KioskSettingsLost {
        /// The kiosk marker file.
        marker: PathBuf,
        /// The kiosk settings file.
        settings: PathBuf,
        /// Why the settings cannot be used.
        reason: String,
    },
    /// A printer profile that cannot be saved (blank or taken name, bad copies or format).
    #[error("{0}")]
    InvalidProfile(String),
    /// No printer profile has that name, or no default is set.
    #[error("{0}")]
    ProfileNotFound(String),
    /// Another qrstation (the app or the CLI) is using this data directory.
    #[error("qrstation is already running with the data directory {}: use that window, or close it first", data_dir.display())]
    AlreadyRunning {
        /// The data directory in use.
        data_dir: PathBuf,
    },
    /// The user has a QR code + PIN method that can no longer be used (its codes expired or
    /// were deleted) and Graph refused to replace it with a create: the operator must choose
    /// to renew it (new badge and new PIN) or to replace it (delete, then create).
    #[error("{0} already has a QR code + PIN method that can no longer be used, and Microsoft does not replace it: renew it (a new badge and a new PIN) or replace it (delete it, then create a new one)")]
    MethodUnusable(String),
    /// A replace deleted the old method, then the create failed: the worker has no method.
    #[error("{0}")]
    ReplaceHalfDone(String),
    /// An action on the standard QR code needs one that is valid now (an expired code cannot
    /// be extended: Graph would make a new code instead).
    #[error("{0}")]
    CodeNotActive(String),
    /// A bulk row or job names a printer that is not a configured printer profile.
    #[error("{0}")]
    PrinterNotProfile(String),
    /// A bulk job would generate PINs that are written nowhere (no PIN slips) and the
    /// operator did not confirm that.
    #[error("{0} generated PINs would be shown nowhere: ask for PIN slips, or confirm that no PIN is recorded")]
    PinsNotRecorded(u32),
    /// The machine's policy file is not valid: every problem, each with its key and reason.
    #[error("policy file {} is not valid: {}", path.display(), problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    PolicyInvalid {
        /// The policy file.
        path: PathBuf,
        /// Each key that is wrong, and why.
        problems: Vec<crate::policy::PolicyProblem>,
    },
    /// The machine's policy file could be changed by users other than its owner (or, for the
    /// machine-wide path, is not root's): it is refused, since its locks would mean nothing.
    #[error("policy file {} is refused: it {reason}", path.display())]
    PolicyUnsafe {
        /// The policy file.
        path: PathBuf,
        /// What is unsafe about it.
        reason: String,
    },
    /// A settings change to a value the organisation's policy locks (holds the policy key).
    #[error("{0} is set by your organisation and cannot be changed here")]
    PolicyLocked(String),
    /// The demo tenant was asked for on a station whose policy does not offer it.
    #[error("your organisation does not offer the demo tenant on this station: sign in to its Microsoft Entra tenant")]
    DemoNotOffered,
    /// A typed PIN on a station whose policy allows only generated ones.
    #[error("your organisation does not allow typed PINs: let qrstation generate the PIN")]
    CustomPinNotAllowed,
    /// A badge to print with a label template the policy does not allow (holds its name).
    #[error("your organisation does not allow printing with the label template {0}")]
    TemplateNotAllowed(String),
    /// A file name from the window that is not one plain name in the exports folder (a path,
    /// `..`, a separator); holds the name.
    #[error("'{0}' is not a file name in the exports folder")]
    FileNameRefused(String),
    /// A name in the exports folder that leads out of it (a link) or is not a regular file.
    #[error("'{0}' is not a file of the exports folder")]
    FileOutsideExports(String),
    /// No file of that name in the exports folder (deleted, or swept after its retention).
    #[error("'{0}' is no longer in the exports folder (files there are deleted after a while)")]
    FileNotFound(String),
    /// The computer could not open a file or show it in its folder.
    #[error("cannot {action} '{file}': {reason}")]
    FileOpenFailed {
        /// "open" or "show in its folder".
        action: &'static str,
        /// The file's name.
        file: String,
        /// What the system said.
        reason: String,
    },
    /// Rendering or printing a badge failed.
    #[error(transparent)]
    Label(#[from] qrstation_label::LabelError),
    /// An error from the Graph client, passed through with its own code (boxed: it carries
    /// status, Graph code, message and request-id, and most results here never fail).
    #[error(transparent)]
    Graph(Box<qrstation_graph::GraphError>),
}

impl From<crate::PinRejection> for CoreError {
    fn from(r: crate::PinRejection) -> Self {
        CoreError::PinRejected(r)
    }
}

impl From<qrstation_graph::GraphError> for CoreError {
    fn from(e: qrstation_graph::GraphError) -> Self {
        CoreError::Graph(Box::new(e))
    }
}

impl CoreError {
    /// Every code `code()` returns, Graph's and the label crate's included (the TypeScript
    /// `ErrorCode` union is made from these).
    pub fn all_codes() -> Vec<&'static str> {
        let own: &[&str] = &[
            "core.io",
            "core.invalid_settings",
            "core.database",
            "core.migration",
            "core.not_signed_in",
            "core.pin_not_returned",
            "core.demo_tenant",
            "core.invalid_time",
            "core.task_stopped",
            "core.bad_qr_payload",
            "core.invalid_lifetime",
            "core.ends_before_start",
            "core.expiry_in_past",
            "core.no_randomness",
            "core.entra_incomplete",
            "core.entra_not_configured",
            "kiosk.needs_one_tenant",
            "kiosk.no_bearer_token",
            "kiosk.pin_unchanged",
            "kiosk.pin_busy",
            "kiosk.other_person",
            "kiosk.approval_mismatch",
            "kiosk.partial_upn",
            "kiosk.name_too_short",
            "kiosk.qr_not_drawable",
            "bulk.job_not_found",
            "renewal.unit_unavailable",
            "scope.outside_unit",
            "bulk.job_options",
            "bulk.plan_blocked",
            "bulk.plan_stale",
            "bulk.busy",
            "bulk.pin_slips_nowhere",
            "kiosk.flow_ended",
            "kiosk.not_manager",
            "kiosk.off",
            "kiosk.locked",
            "kiosk.worker_not_found",
            "kiosk.settings_lost",
            "core.invalid_profile",
            "core.profile_not_found",
            "core.already_running",
            "core.method_unusable",
            "core.code_not_active",
            "core.replace_half_done",
            "bulk.printer_not_profile",
            "bulk.pins_not_recorded",
            "policy.invalid",
            "policy.unsafe_file",
            "policy.locked",
            "policy.demo_not_offered",
            "policy.custom_pin_not_allowed",
            "policy.template_not_allowed",
            "pin.not_digits",
            "pin.too_short",
            "pin.too_long",
            "pin.sequence",
            "pin.repeated",
            "pin.same_digit",
            "pin.straight_run",
            "files.name_refused",
            "files.outside_exports",
            "files.not_found",
            "files.open_failed",
        ];
        let mut all = own.to_vec();
        all.extend_from_slice(qrstation_graph::GraphError::all_codes());
        all.extend_from_slice(qrstation_label::LabelError::all_codes());
        all
    }

    /// Graph's request-id for the failed call, when the error came from Graph (for support).
    pub fn request_id(&self) -> Option<String> {
        match self {
            CoreError::Graph(g) => g.request_id().map(str::to_owned),
            _ => None,
        }
    }

    /// A stable code the UI and scripts can branch on, e.g. `core.io`.
    pub fn code(&self) -> &'static str {
        match self {
            CoreError::Io { .. } => "core.io",
            CoreError::InvalidSettings { .. } => "core.invalid_settings",
            CoreError::Database { .. } => "core.database",
            CoreError::Migration { .. } => "core.migration",
            CoreError::NotSignedIn => "core.not_signed_in",
            CoreError::PinNotReturned => "core.pin_not_returned",
            CoreError::Demo(_) => "core.demo_tenant",
            CoreError::InvalidTime(_) => "core.invalid_time",
            CoreError::TaskStopped(_) => "core.task_stopped",
            CoreError::BadQrPayload => "core.bad_qr_payload",
            CoreError::InvalidLifetime(_) => "core.invalid_lifetime",
            CoreError::EndsBeforeStart(_) => "core.ends_before_start",
            CoreError::ExpiryInPast => "core.expiry_in_past",
            CoreError::NoRandomness(_) => "core.no_randomness",
            CoreError::EntraIncomplete => "core.entra_incomplete",
            CoreError::EntraNotConfigured => "core.entra_not_configured",
            CoreError::KioskNeedsOneTenant(_) => "kiosk.needs_one_tenant",
            CoreError::KioskNoBearerToken => "kiosk.no_bearer_token",
            CoreError::KioskPinUnchanged => "kiosk.pin_unchanged",
            CoreError::KioskPinBusy => "kiosk.pin_busy",
            CoreError::KioskOtherPerson { .. } => "kiosk.other_person",
            CoreError::KioskApprovalMismatch(_) => "kiosk.approval_mismatch",
            CoreError::KioskPartialUpn => "kiosk.partial_upn",
            CoreError::KioskNameTooShort => "kiosk.name_too_short",
            CoreError::QrNotDrawable(_) => "kiosk.qr_not_drawable",
            CoreError::BulkJobNotFound(_) => "bulk.job_not_found",
            CoreError::RenewalUnitUnavailable(_) => "renewal.unit_unavailable",
            CoreError::ScopeOutsideUnit(_) => "scope.outside_unit",
            CoreError::BulkJobOptions(_) => "bulk.job_options",
            CoreError::BulkPlanBlocked => "bulk.plan_blocked",
            CoreError::BulkPlanStale => "bulk.plan_stale",
            CoreError::BulkBusy => "bulk.busy",
            CoreError::BulkPinSlipsNowhere => "bulk.pin_slips_nowhere",
            CoreError::KioskFlowEnded => "kiosk.flow_ended",
            CoreError::NotAManager => "kiosk.not_manager",
            CoreError::NotKiosk => "kiosk.off",
            CoreError::KioskLocked => "kiosk.locked",
            CoreError::KioskWorkerNotFound(_) => "kiosk.worker_not_found",
            CoreError::KioskSettingsLost { .. } => "kiosk.settings_lost",
            CoreError::PinRejected(r) => r.code(),
            CoreError::InvalidProfile(_) => "core.invalid_profile",
            CoreError::ProfileNotFound(_) => "core.profile_not_found",
            CoreError::AlreadyRunning { .. } => "core.already_running",
            CoreError::MethodUnusable(_) => "core.method_unusable",
            CoreError::CodeNotActive(_) => "core.code_not_active",
            CoreError::ReplaceHalfDone(_) => "core.replace_half_done",
            CoreError::PrinterNotProfile(_) => "bulk.printer_not_profile",
            CoreError::PinsNotRecorded(_) => "bulk.pins_not_recorded",
            CoreError::PolicyInvalid { .. } => "policy.invalid",
            CoreError::PolicyUnsafe { .. } => "policy.unsafe_file",
            CoreError::PolicyLocked(_) => "policy.locked",
            CoreError::DemoNotOffered => "policy.demo_not_offered",
            CoreError::CustomPinNotAllowed => "policy.custom_pin_not_allowed",
            CoreError::TemplateNotAllowed(_) => "policy.template_not_allowed",
            CoreError::FileNameRefused(_) => "files.name_refused",
            CoreError::FileOutsideExports(_) => "files.outside_exports",
            CoreError::FileNotFound(_) => "files.not_found",
            CoreError::FileOpenFailed { .. } => "files.open_failed",
            CoreError::Label(e) => e.code(),
            CoreError::Graph(e) => e.code(),
        }
    }
}

/// Shorthand for results in this crate.
pub type Result<T, E = CoreError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_error_names_the_file_and_action() {
        let e = CoreError::Io {
            action: "create",
            path: PathBuf::from("/nope/data"),
            source: std::io::Error::from(std::io::ErrorKind::PermissionDenied),
        };
        assert_eq!(e.code(), "core.io");
        let text = e.to_string();
        assert!(text.starts_with("cannot create /nope/data: "), "{text}");
    }

    /// One of each variant this crate defines (Label and Graph keep their own crates' codes;
    /// PIN rejections carry the `pin.*` codes of `PinRejection`).
    fn one_of_each() -> Vec<CoreError> {
        let s = || String::from("x");
        let p = || PathBuf::from("/x");
        vec![
            CoreError::Io {
                action: "read",
                path: p(),
                source: std::io::Error::from(std::io::ErrorKind::NotFound),
            },
            CoreError::InvalidSettings {
                path: p(),
                reason: s(),
            },
            CoreError::Database {
                path: p(),
                reason: s(),
            },
            CoreError::Migration {
                path: p(),
                reason: s(),
            },
            CoreError::PinNotReturned,
            CoreError::NotSignedIn,
            CoreError::Demo(s()),
            CoreError::InvalidTime(1),
            CoreError::TaskStopped(s()),
            CoreError::BadQrPayload,
            CoreError::InvalidLifetime(s()),
            CoreError::EndsBeforeStart(s()),
            CoreError::ExpiryInPast,
            CoreError::NoRandomness(s()),
            CoreError::EntraIncomplete,
            CoreError::EntraNotConfigured,
            CoreError::KioskNeedsOneTenant(s()),
            CoreError::KioskNoBearerToken,
            CoreError::KioskPinUnchanged,
            CoreError::KioskPinBusy,
            CoreError::KioskOtherPerson {
                signed_in: s(),
                expected: s(),
            },
            CoreError::KioskApprovalMismatch(s()),
            CoreError::KioskPartialUpn,
            CoreError::KioskNameTooShort,
            CoreError::QrNotDrawable(s()),
            CoreError::BulkJobNotFound(s()),
            CoreError::RenewalUnitUnavailable(s()),
            CoreError::ScopeOutsideUnit(s()),
            CoreError::BulkJobOptions(s()),
            CoreError::BulkPlanBlocked,
            CoreError::BulkPlanStale,
            CoreError::BulkBusy,
            CoreError::BulkPinSlipsNowhere,
            CoreError::KioskFlowEnded,
            CoreError::NotAManager,
            CoreError::KioskLocked,
            CoreError::NotKiosk,
            CoreError::KioskWorkerNotFound(s()),
            CoreError::KioskSettingsLost {
                marker: p(),
                settings: p(),
                reason: s(),
            },
            CoreError::InvalidProfile(s()),
            CoreError::ProfileNotFound(s()),
            CoreError::AlreadyRunning { data_dir: p() },
            CoreError::MethodUnusable(s()),
            CoreError::ReplaceHalfDone(s()),
            CoreError::CodeNotActive(s()),
            CoreError::PrinterNotProfile(s()),
            CoreError::PinsNotRecorded(1),
            CoreError::PolicyInvalid {
                path: p(),
                problems: vec![],
            },
            CoreError::PolicyUnsafe {
                path: p(),
                reason: s(),
            },
            CoreError::PolicyLocked(s()),
            CoreError::DemoNotOffered,
            CoreError::CustomPinNotAllowed,
            CoreError::TemplateNotAllowed(s()),
            CoreError::FileNameRefused(s()),
            CoreError::FileOutsideExports(s()),
            CoreError::FileNotFound(s()),
            CoreError::FileOpenFailed {
                action: "open",
                file: s(),
                reason: s(),
            },
        ]
    }

    #[test]
    fn every_code_is_dotted_snake_case_and_unique() {
        let dotted = |c: &str| {
            let mut parts = c.split('.');
            let ok = |p: Option<&str>| {
                p.is_some_and(|p| {
                    p.starts_with(|ch: char| ch.is_ascii_lowercase())
                        && p.chars()
                            .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_')
                })
            };
            ok(parts.next()) && ok(parts.next()) && parts.next().is_none()
        };
        let mut seen = std::collections::HashSet::new();
        for e in one_of_each() {
            let code = e.code();
            assert!(dotted(code), "{code} is not area.snake_case");
            assert!(seen.insert(code), "{code} is used by two variants");
            assert!(!e.to_string().is_empty(), "{code} has no message");
        }
    }

    #[test]
    fn graph_errors_keep_their_own_code() {
        let e: CoreError = qrstation_graph::GraphError::InvalidEndpoint {
            what: "Graph base URL",
            url: "ftp://x".into(),
            reason: "must use https".into(),
        }
        .into();
        assert_eq!(e.code(), "graph.invalid_endpoint");
    }
}

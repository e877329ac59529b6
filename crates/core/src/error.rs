//! The one error type of `qrstation-core`, with a stable machine-readable code per variant.

use std::path::PathBuf;

/// Everything that can go wrong in core. Messages name files and settings, never secrets.
#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    /// A file or directory could not be read, written or created.
    #[error("Could not {action} {} ({}). Check that it is there and that this account may use it, or ask IT support.", path.display(), os_reason(.source))]
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
    #[error("The settings file {} cannot be used ({reason}). Correct it, or remove it to go back to the default settings.", path.display())]
    InvalidSettings {
        /// The settings file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// The local database could not be opened, read or written.
    #[error("The local database {} is not working ({reason}). Close every qrstation window and try again; if it keeps happening, ask IT support.", path.display())]
    Database {
        /// The database file.
        path: PathBuf,
        /// What failed.
        reason: String,
    },
    /// A schema migration failed; the database is left as it was before that migration.
    #[error("The local database {} could not be upgraded for this version of qrstation ({reason}). It was left as it was: ask IT support.", path.display())]
    Migration {
        /// The database file.
        path: PathBuf,
        /// What failed.
        reason: String,
    },
    /// Graph reset the PIN but its answer held no PIN: nobody knows the new one.
    #[error("The PIN was reset, but Microsoft did not send the new PIN, so nobody knows it. Reset the PIN again.")]
    PinNotReturned,
    /// An action that needs a signed-in operator was asked for before sign-in.
    #[error("You are not signed in. Sign in first.")]
    NotSignedIn,
    /// The embedded demo tenant could not start or answer.
    #[error("The demo tenant is not working ({0}). Close qrstation and open it again.")]
    Demo(String),
    /// A time given as unix milliseconds that no calendar holds.
    #[error("The time {0} is not a real date and time. Pick the date again.")]
    InvalidTime(i64),
    /// A background task (rendering, printing, a bulk worker) stopped before it answered;
    /// names what it was doing.
    #[error("Part of qrstation stopped before it finished ({0}). Try again; if it keeps happening, close qrstation and open it again.")]
    TaskStopped(String),
    /// A QR payload handed to rendering is not the base64 Graph sends.
    #[error("The QR code Microsoft sent cannot be read, so no badge was made. Try again.")]
    BadQrPayload,
    /// A lifetime out of range: a temporary QR code's hours, or a standard code's days.
    #[error("{}", sentence(.0))]
    InvalidLifetime(String),
    /// A code window that ends before (or when) it starts; names what the window is for.
    #[error("The {0} must end after it starts. Pick a later end date.")]
    EndsBeforeStart(String),
    /// A new expiry that is not in the future.
    #[error("The new end date is in the past. Pick a date in the future.")]
    ExpiryInPast,
    /// The operating system gave no random bytes (needed for job ids).
    #[error("This computer could not give the random numbers qrstation needs ({0}). Restart the computer and try again.")]
    NoRandomness(String),
    /// The Entra settings lack the tenant or the app registration's client id.
    #[error("Enter the tenant (its domain or id) and the app registration's client id.")]
    EntraIncomplete,
    /// An Entra sign-in was asked for, but no Entra tenant is configured.
    #[error("No Microsoft Entra tenant is set up yet. Enter the tenant and the client id first.")]
    EntraNotConfigured,
    /// A kiosk whose settings name a multi-tenant authority (`common`, `organizations`,
    /// `consumers`) instead of one tenant; holds the name given.
    #[error("A kiosk needs one tenant (its id or domain), not '{0}'. Otherwise anyone from another organisation could approve resets or leave the kiosk.")]
    KioskNeedsOneTenant(String),
    /// A kiosk was pointed at a bearer token: it signs each person in itself.
    #[error("A kiosk signs each person in itself, so it cannot use a bearer token. Remove the token from the kiosk's settings.")]
    KioskNoBearerToken,
    /// A kiosk PIN change whose new PIN is the current one.
    #[error("The new PIN must be different from the current one.")]
    KioskPinUnchanged,
    /// A kiosk PIN change while the last PIN for this worker is still being checked.
    #[error("The last PIN is still being checked. Wait a moment, then try again.")]
    KioskPinBusy,
    /// The person who signed in to confirm a kiosk PIN change is not the worker it is for.
    #[error("The person who signed in ({signed_in}) is not the one this PIN change is for ({expected}). Start again.")]
    KioskOtherPerson {
        /// Who signed in.
        signed_in: String,
        /// Whom the PIN change is for.
        expected: String,
    },
    /// A manager's approval used to reset someone other than the worker it names (holds that
    /// worker's sign-in name).
    #[error("This approval is for {0} only. Start again.")]
    KioskApprovalMismatch(String),
    /// A kiosk worker search with a partial sign-in name (it has an `@` but is not whole).
    #[error("Type the whole sign-in name, like ana@contoso.com.")]
    KioskPartialUpn,
    /// A kiosk worker search with too few letters of a name.
    #[error("Type at least three letters of the name.")]
    KioskNameTooShort,
    /// An address too long (or otherwise impossible) to draw as a QR code.
    #[error("The QR code cannot be drawn ({0}). Start again.")]
    QrNotDrawable(String),
    /// No bulk job has that id.
    #[error("There is no bulk job with the id {0}. Refresh the list of jobs.")]
    BulkJobNotFound(String),
    /// A renewal scan of an administrative unit before unit scoping (#16 §1) is available.
    #[error(
        "Renewals by administrative unit ({0}) are not available yet. Pick an office or a department instead."
    )]
    RenewalUnitUnavailable(String),
    /// The station works in one store (administrative unit) and this person is not in it:
    /// refused before Graph is asked (#16 §1). Holds the store's name.
    #[error(
        "That person is not in {0}, the store this station works in. Ask a manager of their store."
    )]
    ScopeOutsideUnit(String),
    /// A bulk job's options cannot be written to or read back from the journal.
    #[error("The bulk job's options could not be saved or read back ({0}). Plan the file again.")]
    BulkJobOptions(String),
    /// A bulk plan with problems that stop the whole job was asked to run.
    #[error("The file has problems that stop the whole job. Fix the problems shown in the plan, then plan the file again.")]
    BulkPlanBlocked,
    /// A bulk run asked for with no current plan (never planned, or already used).
    #[error("This plan is no longer current. Plan the file again first.")]
    BulkPlanStale,
    /// A bulk job was asked for while another is running.
    #[error("A bulk job is already running. Wait for it to finish, or cancel it.")]
    BulkBusy,
    /// PIN slips asked for without a badge sheet file or a folder to write them to.
    #[error(
        "PIN slips need a badge sheet file or a folder to go to. Choose one, then start again."
    )]
    BulkPinSlipsNowhere,
    /// A PIN that breaks the QR code + PIN policy; refused before any network call.
    #[error("{}", sentence(&.0.to_string()))]
    PinRejected(crate::PinRejection),
    /// A kiosk step came after its flow ended (cancelled, timed out, or finished).
    #[error("This step has ended (it was cancelled, took too long or is finished). Start again.")]
    KioskFlowEnded,
    /// The person who signed in to approve may not manage other people's PINs.
    #[error("This account may not approve PIN resets or leave the kiosk. It needs the Authentication Administrator role (or a higher one).")]
    NotAManager,
    /// Too many wrong PINs for this worker at this kiosk: it waits out the cool-down.
    #[error("Too many wrong PINs were entered. Wait for the cool-down to end, or ask a manager to reset the PIN.")]
    KioskLocked,
    /// A kiosk command in an app that is not running as a kiosk.
    #[error("This can only be done on a kiosk, and qrstation is not running as one.")]
    NotKiosk,
    /// The worker a reset is for cannot be named as exactly one person (not known here, not
    /// found or disabled in the directory, or no longer the person the approval named).
    #[error("{}", sentence(.0))]
    KioskWorkerNotFound(String),
    /// This computer was a kiosk (its marker file is there) but its settings are missing or
    /// cannot be read: it refuses to start rather than open the manager window.
    #[error("This computer is set up as a kiosk ({}), but its settings {} {reason}. Restore the settings file, or delete the marker file to make this computer a station again.", marker.display(), settings.display())]
    KioskSettingsLost {
        /// The kiosk marker file.
        marker: PathBuf,
        /// The kiosk settings file.
        settings: PathBuf,
        /// Why the settings cannot be used.
        reason: String,
    },
    /// A printer profile that cannot be saved (blank or taken name, bad copies or format).
    #[error("{}", sentence(.0))]
    InvalidProfile(String),
    /// No printer profile has that name, or no default is set.
    #[error("{}", sentence(.0))]
    ProfileNotFound(String),
    /// Another qrstation (the app or the CLI) is using this data directory.
    #[error("Another copy of qrstation (a window or the command line) is already running with the data folder {}. Use that window, or close it first.", data_dir.display())]
    AlreadyRunning {
        /// The data directory in use.
        data_dir: PathBuf,
    },
    /// The user has a QR code + PIN method that can no longer be used (its codes expired or
    /// were deleted) and Graph refused to replace it with a create: the operator must choose
    /// to renew it (new badge and new PIN) or to replace it (delete, then create).
    #[error("The QR code + PIN sign-in of {0} can no longer be used, and Microsoft does not replace it. Choose to renew it (a new badge and a new PIN) or to replace it (delete it, then create a new one).")]
    MethodUnusable(String),
    /// A replace deleted the old method, then the create failed: the worker has no method.
    #[error("{}", sentence(.0))]
    ReplaceHalfDone(String),
    /// An action on the standard QR code needs one that is valid now (an expired code cannot
    /// be extended: Graph would make a new code instead).
    #[error("{}", sentence(.0))]
    CodeNotActive(String),
    /// A bulk row or job names a printer that is not a configured printer profile.
    #[error("{}", sentence(.0))]
    PrinterNotProfile(String),
    /// A bulk job would generate PINs that are written nowhere (no PIN slips) and the
    /// operator did not confirm that.
    #[error("This job would make {0} new PINs that are written down nowhere. Ask for PIN slips, or confirm that no PIN is recorded.")]
    PinsNotRecorded(u32),
    /// The machine's policy file is not valid: every problem, each with its key and reason.
    #[error("Your organisation's policy file {} is not valid ({}). Ask IT support to correct it.", path.display(), problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    PolicyInvalid {
        /// The policy file.
        path: PathBuf,
        /// Each key that is wrong, and why.
        problems: Vec<crate::policy::PolicyProblem>,
    },
    /// The machine's policy file could be changed by users other than its owner (or, for the
    /// machine-wide path, is not root's): it is refused, since its locks would mean nothing.
    #[error("Your organisation's policy file {} is not used, because it {reason}. Ask IT support to correct it.", path.display())]
    PolicyUnsafe {
        /// The policy file.
        path: PathBuf,
        /// What is unsafe about it.
        reason: String,
    },
    /// A settings change to a value the organisation's policy locks (holds the policy key).
    #[error("The setting {0} is set by your organisation and cannot be changed here.")]
    PolicyLocked(String),
    /// The demo tenant was asked for on a station whose policy does not offer it.
    #[error("Your organisation does not offer the demo tenant on this station. Sign in to its Microsoft Entra tenant.")]
    DemoNotOffered,
    /// A typed PIN on a station whose policy allows only generated ones.
    #[error("Your organisation does not allow typed PINs. Let qrstation make the PIN.")]
    CustomPinNotAllowed,
    /// A badge to print with a label template the policy does not allow (holds its name).
    #[error("Your organisation does not allow printing with the label template {0}. Pick another template.")]
    TemplateNotAllowed(String),
    /// A file name from the window that is not one plain name in the exports folder (a path,
    /// `..`, a separator); holds the name.
    #[error("The name {0} is not the name of a file in qrstation's exports folder.")]
    FileNameRefused(String),
    /// A name in the exports folder that leads out of it (a link) or is not a regular file.
    #[error("The file {0} is not in qrstation's exports folder, so it is not opened.")]
    FileOutsideExports(String),
    /// No file of that name in the exports folder (deleted, or swept after its retention).
    #[error("The file {0} is no longer in the exports folder: files there are deleted after a while. Save or print it again.")]
    FileNotFound(String),
    /// The computer could not open a file or show it in its folder.
    #[error("This computer could not {action} the file {file}. It said: {}", sentence(.reason))]
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

/// Free text as a sentence: backticks dropped, the first letter upper-case, a full stop at
/// the end (texts built where the error happens are often a clause).
fn sentence(text: &str) -> String {
    let text = text.replace('`', "");
    let text = text.trim();
    let mut chars = text.chars();
    let mut out: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => return "Something went wrong.".into(),
    };
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

/// What the operating system said, in words (the common cases), without its error number.
fn os_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "it does not exist".into(),
        K::PermissionDenied => "permission was refused".into(),
        K::AlreadyExists => "it already exists".into(),
        _ => {
            let text = e.to_string();
            match text.find(" (os error") {
                Some(i) => text[..i].to_owned(),
                None => text,
            }
        }
    }
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
        assert!(
            text.starts_with("Could not create /nope/data (permission was refused). "),
            "{text}"
        );
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

    /// A dotted code such as `label.printer_unreachable` anywhere in `text` (setting names such
    /// as `kiosk.idleSeconds` are camelCase, and file names and domains are not code areas).
    fn dotted_code_in(text: &str) -> Option<String> {
        let areas: std::collections::HashSet<&str> = CoreError::all_codes()
            .iter()
            .filter_map(|c| c.split_once('.').map(|(area, _)| area))
            .chain(["ui"])
            .collect();
        text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '_'))
            .map(|w| w.trim_end_matches('.'))
            .find(|w| {
                w.split_once('.').is_some_and(|(area, what)| {
                    let snake = !what.is_empty()
                        && what
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c == '_' || c == '.');
                    area.chars().all(|c| c.is_ascii_lowercase())
                        && snake
                        && (areas.contains(area) || what.contains('_'))
                })
            })
            .map(str::to_owned)
    }

    #[test]
    fn the_dotted_code_check_finds_codes_and_spares_file_names() {
        assert_eq!(
            dotted_code_in("Failed: label.printer_unreachable."),
            Some("label.printer_unreachable".into())
        );
        assert_eq!(
            dotted_code_in("(kiosk.locked)"),
            Some("kiosk.locked".into())
        );
        assert_eq!(
            dotted_code_in("The file /x/settings.json, ana@contoso.com."),
            None
        );
        assert_eq!(
            dotted_code_in("The setting kiosk.idleSeconds is locked."),
            None
        );
    }

    /// Every message a store manager can see: what happened and what to do, in sentences; no
    /// backticks, no dotted codes, no request-id (that is kept apart, for support).
    #[test]
    fn every_message_is_a_plain_sentence() {
        let rejections = [
            crate::PinRejection::NotDigits,
            crate::PinRejection::TooShort { min: 8 },
            crate::PinRejection::TooLong { max: 20 },
            crate::PinRejection::Sequence,
            crate::PinRejection::Repeated,
            crate::PinRejection::SameDigit,
            crate::PinRejection::StraightRun,
        ];
        let graph: CoreError =
            qrstation_graph::GraphError::Api(Box::new(qrstation_graph::ApiError {
                status: 500,
                code: "generalException".into(),
                message: "General failure".into(),
                request_id: Some("rid-7".into()),
                client_request_id: None,
            }))
            .into();
        let label: CoreError = qrstation_label::LabelError::PrinterUnreachable {
            printer: "zebra".into(),
            message: "connection refused".into(),
        }
        .into();
        let all: Vec<CoreError> = one_of_each()
            .into_iter()
            .chain(rejections.into_iter().map(CoreError::from))
            .chain([
                graph,
                label,
                CoreError::InvalidProfile("a `name` is needed".into()),
                CoreError::PinRejected(crate::PinRejection::SameDigit),
            ])
            .collect();
        for e in &all {
            let text = e.to_string();
            let code = e.code();
            assert!(!text.contains('`'), "{code}: {text}");
            assert_eq!(dotted_code_in(&text), None, "{code}: {text}");
            assert!(text.starts_with(char::is_uppercase), "{code}: {text}");
            assert!(text.ends_with('.'), "{code}: {text}");
            assert!(!text.contains("rid-7"), "{code}: {text}");
        }
        let own_variants = all.iter().map(CoreError::code).collect::<Vec<_>>();
        let pin_codes = own_variants
            .iter()
            .filter(|c| c.starts_with("pin."))
            .count();
        assert_eq!(pin_codes, 8, "every PIN rejection is walked");
    }

    #[test]
    fn free_text_becomes_a_sentence() {
        assert_eq!(
            CoreError::InvalidProfile("a printer profile needs a name".into()).to_string(),
            "A printer profile needs a name."
        );
        assert_eq!(
            CoreError::ProfileNotFound("No default is set.".into()).to_string(),
            "No default is set."
        );
        assert_eq!(
            CoreError::InvalidProfile(" ".into()).to_string(),
            "Something went wrong."
        );
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

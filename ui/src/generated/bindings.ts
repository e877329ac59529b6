// Generated from the Rust types by src-tauri/src/bindings.rs. Do not edit:
// run `./x bindings` after changing a type that crosses the IPC boundary.

/** Every error code a command can answer with (and the UI's own `ui.unexpected`). */
export type ErrorCode =
  | "core.io"
  | "core.invalid_settings"
  | "core.database"
  | "core.migration"
  | "core.not_signed_in"
  | "core.pin_not_returned"
  | "core.demo_tenant"
  | "core.invalid_time"
  | "core.task_stopped"
  | "core.bad_qr_payload"
  | "core.invalid_lifetime"
  | "core.ends_before_start"
  | "core.expiry_in_past"
  | "core.no_randomness"
  | "core.entra_incomplete"
  | "core.entra_not_configured"
  | "kiosk.needs_one_tenant"
  | "kiosk.no_bearer_token"
  | "kiosk.pin_unchanged"
  | "kiosk.pin_busy"
  | "kiosk.other_person"
  | "kiosk.approval_mismatch"
  | "kiosk.partial_upn"
  | "kiosk.name_too_short"
  | "kiosk.qr_not_drawable"
  | "bulk.job_not_found"
  | "renewal.unit_unavailable"
  | "scope.outside_unit"
  | "bulk.job_options"
  | "bulk.plan_blocked"
  | "bulk.plan_stale"
  | "bulk.busy"
  | "bulk.pin_slips_nowhere"
  | "kiosk.flow_ended"
  | "kiosk.not_manager"
  | "kiosk.off"
  | "kiosk.locked"
  | "kiosk.worker_not_found"
  | "kiosk.settings_lost"
  | "core.invalid_profile"
  | "core.profile_not_found"
  | "core.already_running"
  | "core.method_unusable"
  | "core.code_not_active"
  | "core.replace_half_done"
  | "bulk.printer_not_profile"
  | "bulk.pins_not_recorded"
  | "policy.invalid"
  | "policy.unsafe_file"
  | "policy.locked"
  | "policy.demo_not_offered"
  | "policy.custom_pin_not_allowed"
  | "policy.template_not_allowed"
  | "pin.not_digits"
  | "pin.too_short"
  | "pin.too_long"
  | "pin.sequence"
  | "pin.repeated"
  | "pin.same_digit"
  | "pin.straight_run"
  | "files.name_refused"
  | "files.outside_exports"
  | "files.not_found"
  | "files.open_failed"
  | "graph.invalid_endpoint"
  | "graph.endpoint_not_allowed"
  | "graph.endpoint_mismatch"
  | "graph.id_token_invalid"
  | "graph.response_too_large"
  | "graph.invalid_config"
  | "graph.invalid_request"
  | "graph.not_found"
  | "graph.method_exists"
  | "graph.active_code_exists"
  | "graph.pin_rejected"
  | "graph.lifetime_out_of_range"
  | "graph.forbidden"
  | "graph.mfa_required"
  | "graph.not_in_batch"
  | "graph.unauthorized"
  | "graph.throttled"
  | "graph.api_error"
  | "graph.network"
  | "graph.unexpected_response"
  | "graph.sign_in_failed"
  | "graph.sign_in_declined"
  | "graph.sign_in_timed_out"
  | "graph.sign_in_cancelled"
  | "graph.sign_in_state_mismatch"
  | "graph.sign_in_required"
  | "label.invalid_version"
  | "label.invalid_dpi"
  | "label.does_not_fit"
  | "label.empty_payload"
  | "label.payload_too_long"
  | "label.invalid_ecc"
  | "label.unknown_template"
  | "label.invalid_template"
  | "label.unsupported_format"
  | "label.unknown_format"
  | "label.invalid_logo"
  | "label.font"
  | "label.io"
  | "label.printer_unreachable"
  | "label.cups"
  | "label.cups_timeout"
  | "label.invalid_media"
  | "label.file_is_symlink"
  | "label.file_not_regular"
  | "label.canvas_too_large"
  | "ui.unexpected";

/** Every audited action, a stable list (`AuditAction::ALL` in core/src/store/audit_action.rs). A row of an older or newer version may hold another string: keep a `default` branch. */
export type AuditAction =
  | "method.create"
  | "method.renew"
  | "method.replace"
  | "method.delete"
  | "pin.reset"
  | "pin.change"
  | "qr.temporary.add"
  | "qr.temporary.delete"
  | "qr.rotate"
  | "qr.extend"
  | "badge.print"
  | "kiosk.approve"
  | "kiosk.pin_reset"
  | "kiosk.pin_change"
  | "kiosk.exit"
  | "kiosk.approve_temporary_code"
  | "kiosk.temporary_code"
  | "kiosk.temporary_code_replace";

export type Mode = { "kind": "demoTenant" } | { "kind": "entra", 
/**
 * Tenant id or domain.
 */
tenant: string, 
/**
 * The app registration's client id.
 */
clientId: string, };

export type AppInfo = { 
/**
 * Product name, "qrstation".
 */
name: string, 
/**
 * Version of this build, e.g. "0.1.0".
 */
version: string, 
/**
 * The tenant qrstation talks to.
 */
mode: Mode, 
/**
 * The mode in words for a person.
 */
modeLabel: string, 
/**
 * Where the database, settings and logs live.
 */
dataDir: string, 
/**
 * The settings file (it may not exist yet: defaults apply).
 */
settingsFile: string, };

export type ErrorPayload = { 
/**
 * Stable, dotted, e.g. `core.invalid_settings`; the UI branches on it (in TypeScript the
 * `ErrorCode` union of `error_codes()`).
 */
code: ErrorCode, 
/**
 * Plain sentences for a person (what happened, what to do); never holds a PIN, QR
 * payload or token, nor the code or request id.
 */
message: string, 
/**
 * Graph's `request-id` of the failed call, for "Details for support"; sent only when
 * the error came from a Graph answer that had one.
 */
requestId?: string, };

export type SessionInfo = { 
/**
 * Whether an operator is signed in.
 */
signedIn: boolean, 
/**
 * The operator's UPN.
 */
operator: string | null, 
/**
 * "Demo tenant" or "Microsoft Entra (tenant)".
 */
tenantLabel: string | null, 
/**
 * The operator's most relevant directory role in words ("Authentication Administrator",
 * "No admin role"); `None` when the sign-in did not say (see `roles`).
 */
role: string | null, 
/**
 * A warning about the tenant's cloud that the operator must see (QR code + PIN is
 * documented for Microsoft's global cloud only); `None` when there is nothing to say.
 */
cloudWarning?: string | null, };

export type UserSummary = { 
/**
 * Object id.
 */
id: string, 
/**
 * The sign-in name.
 */
upn: string, 
/**
 * The display name.
 */
displayName: string, 
/**
 * `department`, if set.
 */
department: string | null, 
/**
 * `officeLocation`, if set.
 */
officeLocation: string | null, 
/**
 * `jobTitle`, if set.
 */
jobTitle: string | null, };

export type MethodSummary = { 
/**
 * The user has a QR code + PIN method.
 */
hasMethod: boolean, 
/**
 * A standard or temporary code is valid now.
 */
usable: boolean, 
/**
 * When the standard code starts (unix ms).
 */
standardStarts: number | null, 
/**
 * When it expires (unix ms).
 */
standardExpires: number | null, 
/**
 * The standard code is valid now.
 */
standardActive: boolean, 
/**
 * When the temporary code expires (unix ms).
 */
temporaryExpires: number | null, 
/**
 * The temporary code is valid now.
 */
temporaryActive: boolean, 
/**
 * The user must choose a new PIN at the next sign-in.
 */
pinMustChange: boolean, 
/**
 * The method's last sign-in (unix ms), when Graph says.
 */
lastUsed: number | null, };

export type UserCard = { 
/**
 * The user.
 */
user: UserSummary, 
/**
 * Their QR code + PIN method.
 */
method: MethodSummary, };

export type QrKindName = "standard" | "temporary";

export type IssuedQr = { 
/**
 * Which of the two codes.
 */
kind: QrKindName, 
/**
 * The bytes the QR code encodes, base64: what the label renderer re-encodes.
 */
rawContentBase64: string, 
/**
 * Graph's own image of the code, base64 (may be empty when the answer was lost).
 */
imageBase64: string, 
/**
 * What Graph's image is, from its bytes: `svg`, `png`, or `bin` when neither (Microsoft
 * documents only "base64 binaryValue"; its example and the demo tenant give SVG).
 */
imageType: string, 
/**
 * Graph's `image.version` (the QR version), if given.
 */
version: number | null, 
/**
 * `L`, `M`, `Q` or `H`.
 */
errorCorrectionLevel: string | null, 
/**
 * When the code starts to work (unix ms).
 */
starts: number | null, 
/**
 * When it stops working (unix ms).
 */
expires: number | null, 
/**
 * The create took effect but its answer was lost: there is no image to print, and the
 * code must be rotated to get one.
 */
imageLost: boolean, 
/**
 * Whether Graph's own image, read back as a QR code, encodes `rawContent`
 * (`qrstation_label::verify`): `false` when it encodes something else or a PNG holds no
 * readable code — show `rawContent`'s rendering, never Graph's picture, then; absent
 * when not checked (SVG, no image). Badges always print from `rawContent`.
 */
imageMatches?: boolean, };

export type IssuedPin = { 
/**
 * The PIN, shown once and never stored.
 */
pin: string, 
/**
 * The worker must change it at the next sign-in.
 */
mustChange: boolean, };

export type Issued = { 
/**
 * The user and their method after the action.
 */
card: UserCard, 
/**
 * The new code, when the action made one.
 */
qr: IssuedQr | null, 
/**
 * The new PIN, when the action set one.
 */
pin: IssuedPin | null, 
/**
 * Something the operator must read about what was done (the expiry a rotation kept, a
 * step that failed after the new badge was made), in plain words; no secret.
 */
note: string | null, };

export type SearchHit = { 
/**
 * The user found.
 */
user: UserSummary, 
/**
 * When the signed-in person last looked this user up here (unix ms); `None` for users
 * found only in Graph.
 */
cachedAt: number | null, 
/**
 * Found in Graph just now.
 */
inGraph: boolean, 
/**
 * Whether the user has a QR code + PIN badge, as this person's last look-up saw it;
 * `None`: not known (never looked up here). Graph is not asked per result: that would
 * be one more request per person per keystroke.
 */
hasBadge?: boolean, 
/**
 * Whether a code of it was valid at that look-up.
 */
badgeUsable?: boolean, 
/**
 * When the standard code expires (unix ms), when known.
 */
badgeExpires?: number, 
/**
 * When the temporary code expires (unix ms), when known.
 */
temporaryExpires?: number, };

export type SearchResult = { 
/**
 * The users found, best first.
 */
hits: Array<SearchHit>, 
/**
 * How many users match in Graph in all (`@odata.count`), when Graph said; more than
 * `hits.len()` means "keep typing".
 */
total?: number, 
/**
 * Why Graph could not be asked, in plain words; the hits are then cache only.
 */
graphUnavailable: string | null, };

export type StoreUnit = { 
/**
 * The unit's object id.
 */
id: string, 
/**
 * e.g. "Store 102 - Tacoma" (the id when the name cannot be read).
 */
name: string, };

export type ScopeView = { 
/**
 * A managing role over the whole tenant (or scope unknown): everyone may be managed.
 */
tenantWide: boolean, 
/**
 * The stores the operator's roles are scoped to (empty when tenant-wide).
 */
units: Array<StoreUnit>, 
/**
 * The store worked in, when one is chosen.
 */
chosen: StoreUnit | null, };

export type RecentUser = { 
/**
 * Object id.
 */
id: string, 
/**
 * The sign-in name.
 */
upn: string, 
/**
 * The display name.
 */
displayName: string, 
/**
 * `department`, if set.
 */
department: string | null, 
/**
 * `officeLocation`, if set.
 */
officeLocation: string | null, 
/**
 * `jobTitle`, if set.
 */
jobTitle: string | null, 
/**
 * Whether the user has a QR code + PIN method, when known.
 */
hasMethod: boolean | null, 
/**
 * Whether a code of it was valid when last seen, when known.
 */
usable: boolean | null, 
/**
 * When the standard code expires.
 */
standardExpires: number | null, 
/**
 * When the temporary code expires.
 */
temporaryExpires: number | null, 
/**
 * The user must choose a new PIN at the next sign-in.
 */
pinMustChange: boolean | null, 
/**
 * When the station last looked the user up.
 */
lastSeen: number, 
/**
 * The last action on the user, e.g. `method.create`.
 */
lastAction: string | null, 
/**
 * Badges printed for the user from this station.
 */
printCount: number, 
/**
 * When the last badge was printed.
 */
lastPrint: number | null, };

export type Outcome = "success" | "failure";

export type AuditEntry = { 
/**
 * Row id.
 */
id: number, 
/**
 * When the action started (unix ms).
 */
at: number, 
/**
 * Who did it.
 */
operatorUpn: string, 
/**
 * What was done ([`AuditAction`]; an unknown stored string reads as `Other`).
 */
action: AuditAction, 
/**
 * Whom it was for.
 */
targetUpn: string | null, 
/**
 * How it ended.
 */
outcome: Outcome, 
/**
 * The dotted error code of a failure.
 */
errorCode: string | null, 
/**
 * Graph's `request-id`, which Microsoft support asks for.
 */
requestId: string | null, 
/**
 * The printer profile a print went to.
 */
printer: string | null, };

export type CreateRequest = { 
/**
 * The user's object id or UPN.
 */
user: string, 
/**
 * When the badge code starts (unix ms); `None`: now.
 */
start: number | null, 
/**
 * When it expires (unix ms); `None`: the policy's lifetime.
 */
expires: number | null, 
/**
 * The PIN the operator typed; `None`: generate one.
 */
pin: string | null, };

export type BadgeRequest = { 
/**
 * `rawContent` as Graph returned it, base64.
 */
payloadBase64: string, 
/**
 * Graph's `errorCorrectionLevel` (H when absent).
 */
errorCorrectionLevel: string | null, 
/**
 * Graph's `image.version`.
 */
version: number | null, 
/**
 * The name printed large on the badge.
 */
displayName: string, 
/**
 * The sign-in name printed under it.
 */
upn: string, 
/**
 * The department line, when the template has one.
 */
department: string | null, 
/**
 * Unix ms.
 */
validFrom: number | null, 
/**
 * Unix ms.
 */
validUntil: number | null, 
/**
 * The onboarding hint line, e.g. "First sign-in: use your password once, then scan".
 */
onboarding: string | null, 
/**
 * A temporary code's badge: it says TEMPORARY and until when, with the time (a temporary
 * code lasts hours, not days). Absent means a standard badge.
 */
temporary?: boolean, };

export type RenderedBadge = { 
/**
 * For previews: the PNG, base64 (empty for other formats).
 */
pngBase64: string, 
/**
 * What the person should know before printing (a small QR code, a shortened name).
 */
warnings: Array<string>, 
/**
 * The QR code's printed width in inches.
 */
qrWidthIn: number, 
/**
 * The format this badge prints in, as Rust decides it (`printing::output_format`): the
 * printer profile's when rendered for one, else the template's own (`zpl` for Zebra
 * labels, `brother-ql` for Brother QL labels, `pdf` otherwise). The UI shows this; it
 * never guesses a format from a template's name.
 */
printFormat: string, };

export type TemplateName = { 
/**
 * The id a profile or a request names it by (`brother-ql-62x100`).
 */
name: string, 
/**
 * What a person picks it by ("Brother QL 62 mm").
 */
displayName: string, };

export type SavedFile = { 
/**
 * Where it is, to show (the window never sends it back).
 */
path: string, 
/**
 * Its file name.
 */
fileName: string, 
/**
 * Its name in the exports folder when it was saved there (the dialog's default), which
 * "Open" and "Show in folder" take; `None` for a file saved elsewhere.
 */
exportsName: string | null, };

export type TenantSettings = { 
/**
 * Tenant id or domain, or `organizations`.
 */
tenant: string, 
/**
 * The app registration's client id.
 */
clientId: string, 
/**
 * Sign-in authority URL for a national cloud; `None`: the public cloud's.
 */
authority: string | null, 
/**
 * Graph URL for a national cloud; `None`: the public cloud's.
 */
graphUrl: string | null, };

export type DeviceCodeShown = { 
/**
 * The code the person types at the verification page.
 */
userCode: string, 
/**
 * Where to type it.
 */
verificationUri: string, 
/**
 * Entra's own sentence with both.
 */
message: string, };

export type PrinterChoice = { 
/**
 * What to put in the printer field, e.g. `cups:Front-desk`.
 */
spec: string, 
/**
 * The CUPS queue name.
 */
queue: string, 
/**
 * Whether it takes PDF (a driver) or raw ZPL / Brother QL.
 */
hasDriver: boolean, 
/**
 * The media (page sizes) the queue offers, as CUPS names them (`A4`, `w175h288`,
 * `Custom.62x100mm`); empty for raw queues, whose size the label template sets.
 */
media: Array<string>, 
/**
 * The queue's default media.
 */
defaultMedia: string | null, };

export type TenantPolicy = { 
/**
 * False when the operator may not read the policy (a policy-reader role is needed):
 * Microsoft's defaults are shown, and the service still applies the tenant's own.
 */
readFromTenant: boolean, 
/**
 * Whether the QR code + PIN method is enabled in the tenant, when known.
 */
enabled: boolean | null, 
/**
 * Minimum PIN length (8–20).
 */
pinLength: number, 
/**
 * Standard QR code lifetime in days (1–395).
 */
standardLifetimeDays: number, };

export type PrinterProfile = { 
/**
 * What people call it, e.g. "Front desk Zebra"; unique (ignoring case).
 */
name: string, 
/**
 * `cups:QUEUE`, `cups:QUEUE@HOST:PORT`, `tcp:HOST[:PORT]`, `file:PATH` or a CUPS queue name.
 */
printer: string, 
/**
 * A label template name (`badge::templates`).
 */
template: string, 
/**
 * `pdf`, `png`, `zpl` or `brother-ql`; when absent, the template's natural one
 * (`PrinterProfile::format`, in `printing::printer_profiles`).
 */
format?: string | null, 
/**
 * Copies per print, 1 to `printing::printer_profiles::MAX_COPIES`; 1 when absent.
 */
copies?: number | null, 
/**
 * For a CUPS driver queue: the media to ask for, one of the names the queue lists
 * (`badge::printers`); the queue's default when absent. Not for raw printers.
 */
media?: string | null, };

export type PrinterProfiles = { 
/**
 * Every saved profile, by name.
 */
profiles: Array<PrinterProfile>, 
/**
 * The profile used when none is picked.
 */
defaultProfile: string | null, };

export type ProfilePrint = { 
/**
 * The profile used (its saved name).
 */
profile: string, 
/**
 * The printer it sent to.
 */
printer: string, 
/**
 * The label template rendered.
 */
template: string, 
/**
 * The format sent.
 */
format: string, 
/**
 * Copies sent.
 */
copies: number, 
/**
 * The rendered badge (warnings, QR size) that was sent.
 */
badge: RenderedBadge, };

export type InstalledPrinter = { 
/**
 * The CUPS queue name.
 */
name: string, 
/**
 * What a profile saves to print on it: `cups:NAME`.
 */
spec: string, 
/**
 * Its description ("Front desk Zebra"), when it says more than the name.
 */
description: string | null, 
/**
 * Where it is ("Lobby"), when set.
 */
location: string | null, 
/**
 * Whether it is this computer's default printer.
 */
isDefault: boolean, 
/**
 * Whether it takes jobs now.
 */
accepting: boolean, 
/**
 * `idle`, `printing` or `stopped`.
 */
state: string, 
/**
 * Why it is stopped or refuses jobs, when CUPS says ("paper jam").
 */
reason: string | null, };

export type Problem = { 
/**
 * 1-based line of the CSV (1 = header); the position for a Graph selection.
 */
line: number, 
/**
 * Stable code, e.g. `bulk.duplicate`, `pin.too_short`.
 */
code: string, 
/**
 * What is wrong and what to change. Never holds a PIN.
 */
message: string, 
/**
 * A warning does not stop the job; an error keeps its row out of it.
 */
warning: boolean, };

export type RowAction = "create" | "rotate" | "reissue" | "renew" | "replace" | "extend" | "skip" | "invalid";

export type RowState = "pending" | "sent" | "created" | "badgeWritten" | "printed" | "skipped" | "failed" | "badgeLost" | "invalid" | "extended";

export type Destination = { "kind": "job" } | { "kind": "row", 
/**
 * The printer profile the row named.
 */
profile: string | null, 
/**
 * The template the row named (or its profile's).
 */
template: string | null, };

export type PlannedRow = { 
/**
 * The row's line in the CSV (or its place in the selection).
 */
line: number, 
/**
 * Who the row is for, as written.
 */
upn: string, 
/**
 * The user's object id, when Graph found them.
 */
userId: string | null, 
/**
 * The user's name, when Graph found them.
 */
displayName: string | null, 
/**
 * The user's department, when Graph found them.
 */
department: string | null, 
/**
 * What the row will do.
 */
action: RowAction, 
/**
 * When the badge code starts (unix ms); `None`: when it is sent.
 */
start: number | null, 
/**
 * When it expires (unix ms); `None`: from `days` or the policy.
 */
expires: number | null, 
/**
 * The code's lifetime in days, when the CSV gave one.
 */
days: number | null, 
/**
 * The CSV gave this row's PIN (else one is generated).
 */
customPin: boolean, 
/**
 * The row's template (the CSV's, or its printer profile's); `None`: the job's.
 */
template: string | null, 
/**
 * The printer profile the CSV named for this row (its name as configured); `None`: the
 * job's choice. Never a printer address.
 */
printer: string | null, 
/**
 * Where the badge goes, in one value for the plan table.
 */
destination: Destination, 
/**
 * Why the row cannot be sent as written (empty when it can).
 */
problems: Array<Problem>, };

export type Plan = { 
/**
 * The CSV's path, or the selection in words.
 */
source: string, 
/**
 * Every row, in line order.
 */
rows: Array<PlannedRow>, 
/**
 * Problems of the file as a whole (line 1: the header).
 */
problems: Array<Problem>, 
/**
 * Rows that create a method.
 */
create: number, 
/**
 * Rows that rotate an existing standard code.
 */
rotate: number, 
/**
 * Rows with nothing to do.
 */
skip: number, 
/**
 * Rows that cannot be sent as written.
 */
invalid: number, 
/**
 * Rows whose unusable method is renewed (new code, PIN reset) or replaced.
 */
renew: number, 
/**
 * Of those, the rows whose method is replaced (deleted, then created).
 */
replace: number, 
/**
 * Renewals: rows whose still-valid code only gets a later expiry (no reprint).
 */
extend: number, 
/**
 * Rows whose PIN will be generated (shown only on PIN slips, if asked for).
 */
generatedPins: number, };

export type PlanOptions = { 
/**
 * Give users who already have a method a new badge (standard QR code; the PIN stays).
 */
rotateExisting: boolean, 
/**
 * What to do with users whose method cannot be used (default: ask, i.e. report them).
 */
unusable: Unusable, };

export type Unusable = "ask" | "renew" | "replace" | "skip";

export type Selection = { "by": "department", "value": string } | { "by": "officeLocation", "value": string };

export type RunOptions = { 
/**
 * Most `$batch` requests in flight; the pace starts lower and adapts (1–16).
 */
concurrency: number, 
/**
 * The badge sheet: `FILE.pdf` gets `FILE-0001.pdf`, `FILE-0002.pdf`, … one per flush, so
 * a crash loses at most the badges not yet flushed.
 */
outPdf: string | null, 
/**
 * Label template of the badges (a row's `template` column wins).
 */
template: string, 
/**
 * Print each flushed sheet with this printer profile (by name, one of `profiles`; a
 * row's `printer` column, also a profile name, wins). Never a printer address.
 */
printer: string | null, 
/**
 * The printer profiles this job may print to, as configured when it started (a resume
 * prints where the plan said even if the settings changed since).
 */
profiles: Array<PrinterProfile>, 
/**
 * Write the PINs on slips, a separate PDF next to the badges (`FILE-0001-pins.pdf`), or
 * in `pin_slips_dir` when there is no badge sheet (a printer-only run).
 */
pinSlips: boolean, 
/**
 * Where PIN slips go when the job writes no badge sheet.
 */
pinSlipsDir: string | null, 
/**
 * The operator confirmed that generated PINs are written nowhere (no slips): without
 * this or `pin_slips`, [`start`] refuses a job that generates PINs.
 */
noPinRecord: boolean, 
/**
 * Hours the files in the exports folder are kept (what the app tells the operator).
 */
retentionHours: number | null, 
/**
 * Badges gathered in memory before they are written (and their secrets dropped).
 */
flushEvery: number, 
/**
 * Attempts of one row before it is reported failed.
 */
maxAttempts: number, 
/**
 * Directory of user label templates.
 */
templateDir: string | null, 
/**
 * Write the results CSV here at the end of every run (no secrets in it).
 */
resultsCsv: string | null, };

export type RunChoice = { 
/**
 * Label template of the badges (a sheet template by default).
 */
template: string | null, 
/**
 * Also print the badges with this printer profile (its name, as configured; never a
 * printer address).
 */
printer: string | null, 
/**
 * Write a badge sheet PDF into the exports folder.
 */
pdf: boolean, 
/**
 * PIN slips in a separate file in the exports folder (beside the badges, if any).
 */
pinSlips: boolean, 
/**
 * The operator confirmed that the generated PINs are recorded nowhere (no slips).
 */
noPinRecord: boolean, };

export type Again = "resume" | "retryFailed" | "rotateLost";

export type JobState = "running" | "cancelled" | "finished";

export type Phase = "sending" | "finished" | "cancelled" | "incomplete";

export type Progress = { 
/**
 * The job these counts are for.
 */
jobId: string, 
/**
 * Rows that send something (create or rotate).
 */
total: number, 
/**
 * Of those, rows at an end (created/written/printed/skipped/failed/badge lost).
 */
done: number, 
/**
 * Rows [`RowState::Pending`].
 */
pending: number, 
/**
 * Rows [`RowState::Sent`].
 */
sent: number, 
/**
 * Rows [`RowState::Created`].
 */
created: number, 
/**
 * Rows [`RowState::BadgeWritten`].
 */
badgeWritten: number, 
/**
 * Rows [`RowState::Printed`].
 */
printed: number, 
/**
 * Rows [`RowState::Skipped`].
 */
skipped: number, 
/**
 * Rows [`RowState::Failed`].
 */
failed: number, 
/**
 * Rows [`RowState::BadgeLost`].
 */
badgeLost: number, 
/**
 * Rows [`RowState::Invalid`].
 */
invalid: number, 
/**
 * Rows [`RowState::Extended`] (renewals: expiry moved, no reprint).
 */
extended: number, 
/**
 * `$batch` requests in flight now, and the pace's current limit.
 */
inFlight: number, 
/**
 * How many `$batch` requests may be in flight now (lowered on 429/503).
 */
concurrency: number, 
/**
 * 429/503 answers seen so far in this run.
 */
throttled: number, 
/**
 * Milliseconds since this run started.
 */
elapsedMs: number, 
/**
 * Where the run is.
 */
phase: Phase, 
/**
 * Graph refused authentication-method writes inside `$batch` (every one answered
 * `graph.not_in_batch`): this run sends them one request at a time, at the same pace.
 */
singleRequests: boolean, };

export type JobInfo = { 
/**
 * The job id.
 */
id: string, 
/**
 * When the job was created (unix ms).
 */
createdAt: number, 
/**
 * When a row of it last changed (unix ms).
 */
updatedAt: number, 
/**
 * Who ran it.
 */
operatorUpn: string, 
/**
 * The CSV's path, or the selection in words.
 */
source: string, 
/**
 * Running (also after a crash), cancelled or finished.
 */
state: JobState, 
/**
 * How the job was asked to run.
 */
options: RunOptions, };

export type RowStatus = { 
/**
 * The row's line in the CSV (or its place in the selection).
 */
line: number, 
/**
 * Who the row is for.
 */
upn: string, 
/**
 * The user's name, once Graph knows them.
 */
displayName: string | null, 
/**
 * What the row does.
 */
action: RowAction, 
/**
 * Where the row is in its life.
 */
state: RowState, 
/**
 * The dotted error code of a failed row.
 */
errorCode: string | null, 
/**
 * The message of a failed row (never a secret).
 */
errorMessage: string | null, 
/**
 * Graph's `request-id` of the row's last answer.
 */
requestId: string | null, 
/**
 * How many times the row was sent.
 */
attempts: number, 
/**
 * The badge file that holds this row's badge.
 */
output: string | null, 
/**
 * Id of the method (or standard code) this job created: not a secret.
 */
methodId: string | null, };

export type JobFiles = { 
/**
 * The badge sheets, once each, in row order.
 */
badges: Array<SavedFile>, 
/**
 * The PIN slips: beside each sheet (`-pins` added), or in the slips folder named after
 * the job when there is no sheet; only the slips that exist.
 */
slips: Array<SavedFile>, };

export type JobStatus = { 
/**
 * The job.
 */
job: JobInfo, 
/**
 * How many rows are in each state.
 */
counts: Progress, 
/**
 * Every row, in line order.
 */
rows: Array<RowStatus>, 
/**
 * Its badge sheets and PIN slips with their exports names (filled by
 * [`super::BulkDesk::status`]; empty from [`status`]).
 */
files: JobFiles, };

export type Scope = { "by": "office", "value": string } | { "by": "department", "value": string } | { "by": "unit", "value": string };

export type BadgeState = "noMethod" | "expired" | "expiring" | "valid" | "unreadable";

export type BadgeDates = { 
/**
 * The user has a method.
 */
hasMethod: boolean, 
/**
 * The standard code's `startDateTime`.
 */
startsMs: number | null, 
/**
 * The standard code's `expireDateTime` (`None`: no standard code).
 */
expiresMs: number | null, 
/**
 * The standard code's `createdDateTime` (else the method's).
 */
createdMs: number | null, 
/**
 * The last sign-in with the standard code (or the method); `None`: never.
 */
lastUsedMs: number | null, 
/**
 * An active temporary code's expiry.
 */
temporaryExpiresMs: number | null, 
/**
 * The user must choose a new PIN at the next sign-in.
 */
pinChangePending: boolean, };

export type WorkerStatus = { 
/**
 * The sign-in name.
 */
upn: string, 
/**
 * The object id.
 */
userId: string | null, 
/**
 * The name on screen and on the badge.
 */
displayName: string | null, 
/**
 * `officeLocation` (the store).
 */
office: string | null, 
/**
 * `department`.
 */
department: string | null, 
/**
 * Where the badge is.
 */
state: BadgeState, 
/**
 * The dates the state was decided from.
 */
dates: BadgeDates, 
/**
 * A temporary code is active now.
 */
temporaryActive: boolean, 
/**
 * The standard code was never used, a week or more after it was created.
 */
neverUsed: boolean, 
/**
 * Why the method could not be read (state `unreadable`).
 */
errorCode: string | null, };

export type Report = { 
/**
 * The scope's key.
 */
scopeKey: string, 
/**
 * The store in words.
 */
scopeLabel: string, 
/**
 * The "expiring within N days" of the statuses.
 */
withinDays: number, 
/**
 * When Graph was read (unix ms).
 */
scannedAt: number, 
/**
 * How old the data is (ms) when this report was made.
 */
ageMs: number, 
/**
 * Workers, most urgent first (expired, expiring soonest, no method, …).
 */
rows: Array<WorkerStatus>, };

export type ScanProgress = { 
/**
 * Workers whose method has been read.
 */
done: number, 
/**
 * Workers in the scope.
 */
total: number, 
/**
 * Milliseconds since the scan started.
 */
elapsedMs: number, };

export type KioskInfo = { 
/**
 * Running on the demo tenant (the screens say so).
 */
demo: boolean, 
/**
 * Seconds without input before a screen goes back to the start.
 */
idleSeconds: number, 
/**
 * Digits a PIN must have.
 */
pinLength: number, 
/**
 * Wrong PINs allowed before the cool-down.
 */
maxWrongPins: number, 
/**
 * "en" or "es"; `None` follows the system.
 */
language: string | null, };

export type ApprovalPurpose = { "kind": "resetPin", 
/**
 * The worker whose PIN is reset.
 */
worker: Person, } | { "kind": "leaveKiosk" } | { "kind": "temporaryCode", 
/**
 * The worker the temporary code is for.
 */
worker: Person, };

export type DeviceCodePrompt = { 
/**
 * The code the manager types at the verification page.
 */
userCode: string, 
/**
 * Where to type it.
 */
verificationUri: string, 
/**
 * An SVG document drawing `verification_uri` as a QR code.
 */
qrSvg: string, 
/**
 * Seconds until the code stops working.
 */
expiresInSeconds: number, 
/**
 * What a manager approves by signing in; `None` for a worker's own sign-in.
 */
approval: ApprovalPurpose | null, };

export type Person = { 
/**
 * Object id.
 */
id: string, 
/**
 * The display name.
 */
name: string, 
/**
 * The sign-in name.
 */
upn: string, };

export type PinChange = { "kind": "changed" } | { "kind": "wrongPin", 
/**
 * Wrong PINs left before the cool-down.
 */
triesLeft: number, } | { "kind": "locked", 
/**
 * Minutes until PINs may be tried again.
 */
minutes: number, } | { "kind": "mfaRequired" } | { "kind": "mfaUnavailable" };

export type ResetApproval = { 
/**
 * Who approved.
 */
manager: Person, 
/**
 * The one worker the approval is for.
 */
worker: Person, };

export type TemporaryPin = { 
/**
 * Whose PIN it is.
 */
worker: Person, 
/**
 * The temporary PIN; the worker must change it at the next sign-in.
 */
pin: string, };

export type BadgeApproval = { 
/**
 * Who approved.
 */
manager: Person, 
/**
 * The one worker the approval is for.
 */
worker: Person, 
/**
 * Whether the worker has a QR code + PIN method (a temporary code is added to it; without
 * one there is nothing to add it to: the worker needs a badge from the station).
 */
hasMethod: boolean, 
/**
 * When the worker's temporary code that works now stops working (unix ms); `None` when
 * none is active. A new one replaces it only when the manager chooses so.
 */
activeUntil: number | null, 
/**
 * The hours offered first (the shift).
 */
defaultHours: number, 
/**
 * The fewest hours a temporary code may last (Microsoft: 1).
 */
minHours: number, 
/**
 * The most hours a temporary code may last (Microsoft: 12).
 */
maxHours: number, };

export type TemporaryBadge = { 
/**
 * Whose code it is.
 */
worker: Person, 
/**
 * An SVG document of the QR code: the secret, shown only now.
 */
qrSvg: string, 
/**
 * When the code starts to work (unix ms).
 */
starts: number, 
/**
 * When it stops working (unix ms).
 */
expires: number, 
/**
 * Seconds the screen shows it before hiding it.
 */
showSeconds: number, 
/**
 * Whether an active temporary code was deleted to make this one.
 */
replaced: boolean, };

export type Source = "policy" | "user" | "default";

export type EffectiveValue = { 
/**
 * The policy key, e.g. `kiosk.idleSeconds`.
 */
key: string, 
/**
 * The value as JSON text (`null`: none).
 */
value: string, 
/**
 * Where it came from.
 */
source: Source, 
/**
 * Set by the policy and locked: read-only ("Set by your organisation").
 */
locked: boolean, };

export type EffectiveConfig = { 
/**
 * The policy file in force, if any.
 */
policyFile: string | null, 
/**
 * Every policy key, in the schema's order.
 */
values: Array<EffectiveValue>, };

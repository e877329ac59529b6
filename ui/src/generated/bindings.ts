// Generated from the Rust types by src-tauri/src/bindings.rs. Do not edit:
// run `./x bindings` after changing a type that crosses the IPC boundary.

export type Mode = { "kind": "demoTenant" } | { "kind": "entra", tenant: string, clientId: string, };

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
 * Stable, dotted, e.g. `core.invalid_settings`; the UI branches on it.
 */
code: string, 
/**
 * One sentence for a person; never holds a PIN, QR payload or token.
 */
message: string, };

export type SessionInfo = { signedIn: boolean, 
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

export type UserSummary = { id: string, upn: string, displayName: string, department: string | null, officeLocation: string | null, jobTitle: string | null, };

export type MethodSummary = { hasMethod: boolean, 
/**
 * A standard or temporary code is valid now.
 */
usable: boolean, standardStarts: number | null, standardExpires: number | null, standardActive: boolean, temporaryExpires: number | null, temporaryActive: boolean, pinMustChange: boolean, lastUsed: number | null, };

export type UserCard = { user: UserSummary, method: MethodSummary, };

export type QrKindName = "standard" | "temporary";

export type IssuedQr = { kind: QrKindName, 
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
imageType: string, version: number | null, 
/**
 * `L`, `M`, `Q` or `H`.
 */
errorCorrectionLevel: string | null, starts: number | null, expires: number | null, 
/**
 * The create took effect but its answer was lost: there is no image to print, and the
 * code must be rotated to get one.
 */
imageLost: boolean, };

export type IssuedPin = { pin: string, 
/**
 * The worker must change it at the next sign-in.
 */
mustChange: boolean, };

export type Issued = { card: UserCard, qr: IssuedQr | null, pin: IssuedPin | null, 
/**
 * Something the operator must read about what was done (the expiry a rotation kept, a
 * step that failed after the new badge was made), in plain words; no secret.
 */
note: string | null, };

export type SearchHit = { user: UserSummary, 
/**
 * When the cache last saw this user (unix ms); `None` for users found only in Graph.
 */
cachedAt: number | null, 
/**
 * Found in Graph just now.
 */
inGraph: boolean, };

export type SearchResult = { hits: Array<SearchHit>, 
/**
 * Why Graph could not be asked (`{code}: {message}`); the hits are then cache only.
 */
graphUnavailable: string | null, };

export type RecentUser = { id: string, upn: string, displayName: string, department: string | null, officeLocation: string | null, jobTitle: string | null, hasMethod: boolean | null, usable: boolean | null, standardExpires: number | null, temporaryExpires: number | null, pinMustChange: boolean | null, lastSeen: number, lastAction: string | null, printCount: number, lastPrint: number | null, };

export type Outcome = "success" | "failure";

export type AuditEntry = { id: number, at: number, operatorUpn: string, 
/**
 * e.g. `method.create`, `pin.reset`, `qr.rotate`, `badge.print`.
 */
action: string, targetUpn: string | null, outcome: Outcome, errorCode: string | null, 
/**
 * Graph's `request-id`, which Microsoft support asks for.
 */
requestId: string | null, printer: string | null, };

export type CreateRequest = { user: string, start: number | null, expires: number | null, pin: string | null, };

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
version: number | null, displayName: string, upn: string, department: string | null, 
/**
 * Unix ms.
 */
validFrom: number | null, 
/**
 * Unix ms.
 */
validUntil: number | null, onboarding: string | null, };

export type RenderedBadge = { 
/**
 * For previews: the PNG, base64 (empty for other formats).
 */
pngBase64: string, warnings: Array<string>, 
/**
 * The QR code's printed width in inches.
 */
qrWidthIn: number, };

export type TenantSettings = { tenant: string, clientId: string, authority: string | null, graphUrl: string | null, };

export type DeviceCodeShown = { userCode: string, verificationUri: string, message: string, };

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
 * ([`PrinterProfile::format`]).
 */
format?: string | null, 
/**
 * Copies per print, 1 to [`MAX_COPIES`]; 1 when absent.
 */
copies?: number | null, 
/**
 * For a CUPS driver queue: the media to ask for, one of the names the queue lists
 * (`badge::printers`); the queue's default when absent. Not for raw printers.
 */
media?: string | null, };

export type PrinterProfiles = { profiles: Array<PrinterProfile>, defaultProfile: string | null, };

export type ProfilePrint = { 
/**
 * The profile used (its saved name).
 */
profile: string, printer: string, template: string, 
/**
 * The format sent.
 */
format: string, copies: number, 
/**
 * The rendered badge (warnings, QR size) that was sent.
 */
badge: RenderedBadge, };

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

export type RowAction = "create" | "rotate" | "reissue" | "renew" | "replace" | "skip" | "invalid";

export type RowState = "pending" | "sent" | "created" | "badgeWritten" | "printed" | "skipped" | "failed" | "badgeLost" | "invalid";

export type Destination = { "kind": "job" } | { "kind": "row", profile: string | null, template: string | null, };

export type PlannedRow = { line: number, upn: string, userId: string | null, displayName: string | null, department: string | null, action: RowAction, start: number | null, expires: number | null, days: number | null, 
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
destination: Destination, problems: Array<Problem>, };

export type Plan = { 
/**
 * The CSV's path, or the selection in words.
 */
source: string, rows: Array<PlannedRow>, 
/**
 * Problems of the file as a whole (line 1: the header).
 */
problems: Array<Problem>, create: number, rotate: number, skip: number, invalid: number, 
/**
 * Rows whose unusable method is renewed (new code, PIN reset) or replaced.
 */
renew: number, replace: number, 
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

export type Progress = { jobId: string, 
/**
 * Rows that send something (create or rotate).
 */
total: number, 
/**
 * Of those, rows at an end (created/written/printed/skipped/failed/badge lost).
 */
done: number, pending: number, sent: number, created: number, badgeWritten: number, printed: number, skipped: number, failed: number, badgeLost: number, invalid: number, 
/**
 * `$batch` requests in flight now, and the pace's current limit.
 */
inFlight: number, concurrency: number, 
/**
 * 429/503 answers seen so far in this run.
 */
throttled: number, 
/**
 * Milliseconds since this run started.
 */
elapsedMs: number, 
/**
 * `checking`, `sending`, `writing`, `done`, `cancelled`.
 */
phase: string, 
/**
 * Graph refused authentication-method writes inside `$batch` (every one answered
 * `graph.not_in_batch`): this run sends them one request at a time, at the same pace.
 */
singleRequests: boolean, };

export type JobInfo = { id: string, createdAt: number, updatedAt: number, operatorUpn: string, source: string, 
/**
 * `running` (also after a crash), `cancelled` or `finished`.
 */
state: string, options: RunOptions, };

export type RowStatus = { line: number, upn: string, displayName: string | null, action: RowAction, state: RowState, errorCode: string | null, errorMessage: string | null, requestId: string | null, attempts: number, 
/**
 * The badge file that holds this row's badge.
 */
output: string | null, 
/**
 * Id of the method (or standard code) this job created: not a secret.
 */
methodId: string | null, };

export type JobStatus = { job: JobInfo, counts: Progress, rows: Array<RowStatus>, };

export type KioskInfo = { 
/**
 * Running on the demo tenant (the screens say so).
 */
demo: boolean, idleSeconds: number, pinLength: number, maxWrongPins: number, language: string | null, };

export type ApprovalPurpose = { "kind": "resetPin", worker: Person, } | { "kind": "leaveKiosk" };

export type DeviceCodePrompt = { userCode: string, verificationUri: string, 
/**
 * An SVG document drawing `verification_uri` as a QR code.
 */
qrSvg: string, expiresInSeconds: number, 
/**
 * What a manager approves by signing in; `None` for a worker's own sign-in.
 */
approval: ApprovalPurpose | null, };

export type Person = { 
/**
 * Object id.
 */
id: string, name: string, upn: string, };

export type PinChange = { "kind": "changed" } | { "kind": "wrongPin", triesLeft: number, } | { "kind": "locked", minutes: number, } | { "kind": "mfaRequired" } | { "kind": "mfaUnavailable" };

export type ResetApproval = { manager: Person, worker: Person, };

export type TemporaryPin = { worker: Person, pin: string, };

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
tenantLabel: string | null, };

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
imageBase64: string, version: number | null, 
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

export type Issued = { card: UserCard, qr: IssuedQr | null, pin: IssuedPin | null, };

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

export type PrintRequest = { badge: BadgeRequest, 
/**
 * The user's object id, for the print count.
 */
userId: string | null, template: string, 
/**
 * `pdf` for office printers, `zpl` for Zebra, `brother-ql` for Brother QL.
 */
format: string, 
/**
 * `cups:QUEUE`, `tcp:HOST[:PORT]`, `file:PATH` or a CUPS queue name.
 */
printer: string, };

export type TenantSettings = { tenant: string, clientId: string, authority: string | null, graphUrl: string | null, };

export type DeviceCodeShown = { userCode: string, verificationUri: string, message: string, };

export type PrintSettings = { template: string | null, printer: string | null, };

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

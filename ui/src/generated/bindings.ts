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

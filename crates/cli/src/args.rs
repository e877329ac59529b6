//! The command line's grammar: global options and every subcommand.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "qrstation",
    version,
    about = "Issue and look after Microsoft Entra QR code + PIN sign-in methods",
    after_help = "Exit codes: 0 ok, 1 failed, 2 usage, 3 sign-in or permission, 4 not found, \
                  5 rejected input (PIN, lifetime, already exists, unusable method, expired badge), \
                  6 throttled or network. 3 also: a fresh MFA sign-in is needed (login --mfa)."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Where and as whom to connect; JSON output.
#[derive(Args, Debug, Clone, Default)]
pub struct Global {
    /// Print JSON instead of text.
    #[arg(long, global = true)]
    pub json: bool,
    /// Use the embedded demo tenant (the default when no tenant is configured).
    #[arg(long, global = true)]
    pub demo: bool,
    /// In the demo tenant, act as this user (UPN); default the tenant's admin.
    #[arg(long = "as", value_name = "UPN", global = true)]
    pub as_user: Option<String>,
    /// Tenant id or domain of a real Entra tenant.
    #[arg(long, global = true, env = "QRSTATION_TENANT")]
    pub tenant: Option<String>,
    /// Client id of the app registration (public client).
    #[arg(long, global = true, env = "QRSTATION_CLIENT_ID")]
    pub client_id: Option<String>,
    /// Sign-in authority URL (sovereign clouds, tests).
    #[arg(long, value_name = "URL", global = true, env = "QRSTATION_AUTHORITY")]
    pub authority: Option<String>,
    /// Graph base URL (sovereign clouds, tests), e.g. https://graph.microsoft.us
    // The doc comment is clap's --help text, shown verbatim: no <…> around the URL.
    #[allow(rustdoc::bare_urls)]
    #[arg(long, value_name = "URL", global = true, env = "QRSTATION_GRAPH_URL")]
    pub graph_url: Option<String>,
    /// Take a bearer token from this environment variable instead of signing in.
    #[arg(long, value_name = "VAR", global = true)]
    pub access_token_env: Option<String>,
    /// Also trust this CA certificate (PEM).
    #[arg(long, value_name = "FILE", global = true)]
    pub ca_cert: Option<PathBuf>,
}

#[derive(Subcommand)]
pub enum Command {
    /// Show this installation: version, mode and data directory.
    Info,
    /// Sign in to the configured Entra tenant (browser, or --device-code).
    Login {
        #[arg(long)]
        device_code: bool,
        /// Ask Microsoft for a fresh multifactor sign-in (what changing your own PIN needs
        /// when your last sign-in is over 10 minutes old: error graph.mfa_required).
        #[arg(long)]
        mfa: bool,
    },
    /// Sign out and forget the saved sign-in.
    Logout,
    /// Who this station acts as.
    Whoami,
    /// Find and show users.
    #[command(subcommand)]
    User(UserCommand),
    /// The QR code + PIN method of a user.
    #[command(subcommand)]
    Method(MethodCommand),
    /// PINs.
    #[command(subcommand)]
    Pin(PinCommand),
    /// QR codes: rotate the badge, temporary codes, expiry.
    #[command(subcommand)]
    Qr(QrCommand),
    /// The tenant's QR code + PIN policy.
    #[command(subcommand)]
    Policy(PolicyCommand),
    /// The demo tenant: a local emulator of Microsoft Graph and the identity platform.
    #[command(subcommand)]
    Emulator(EmulatorCommand),
    /// Badges: render one without Graph (checks, demos), list the label templates.
    #[command(subcommand)]
    Badge(BadgeCommand),
    /// Bulk provisioning: a whole store from a CSV or a department, resumable after a crash.
    #[command(subcommand)]
    Bulk(BulkCommand),
    /// Printers: the CUPS queues and their media, and printer profiles (printer + template).
    #[command(subcommand)]
    Printer(PrinterCommand),
    /// Reports: the badges of a store that expire (issue #16 §3).
    #[command(subcommand)]
    Report(crate::commands::report::ReportCommand),
    /// Managed configuration: the effective settings, and checking a policy file.
    #[command(subcommand)]
    Config(ConfigCommand),
}

#[derive(Subcommand)]
pub enum ConfigCommand {
    /// The effective configuration and where each value came from (policy, user, default).
    Show,
    /// Check a policy file before shipping it (exit 0 valid, 1 not; key and reason per problem).
    Check {
        /// The policy file (docs/policy.schema.json).
        file: PathBuf,
    },
}

#[derive(Subcommand)]
pub enum BulkCommand {
    /// Check the input and show what each row will do (create, skip, rotate); sends nothing.
    Plan {
        #[command(flatten)]
        input: BulkInput,
    },
    /// Plan, then create the methods, write the badges and the results.
    Run {
        #[command(flatten)]
        input: BulkInput,
        #[command(flatten)]
        out: BulkOut,
        /// Run the valid rows even when others have problems (they are reported as invalid).
        #[arg(long)]
        skip_invalid: bool,
    },
    /// Finish a job after a crash, kill or Ctrl-C: nothing lost, nothing created twice (a
    /// renewal job: its extensions too).
    Resume { job: String },
    /// The jobs, or one job's rows.
    Status { job: Option<String> },
    /// New QR codes (and PINs) for the rows whose badge was lost, in one step.
    RotateLost { job: String },
    /// Send the failed rows of a job again.
    RetryFailed { job: String },
    /// Renew a store's badges: extend, rotate or re-create (plan, run, resume).
    #[command(subcommand)]
    Renew(crate::bulk::RenewCommand),
}

/// Who a bulk job is for: a CSV, or everyone in a department or store.
#[derive(Args, Debug, Clone)]
pub struct BulkInput {
    /// CSV (UTF-8, comma or semicolon): upn, start, expires or days, pin, template, printer.
    #[arg(required_unless_present_any = ["department", "office"])]
    pub file: Option<PathBuf>,
    /// Everyone whose department is D (from Graph).
    #[arg(long, value_name = "D", conflicts_with_all = ["file", "office"])]
    pub department: Option<String>,
    /// Everyone whose office location (store) is O (from Graph).
    #[arg(long, value_name = "O", conflicts_with = "file")]
    pub office: Option<String>,
    /// Give users who already have a method a new badge (the PIN stays) instead of skipping.
    #[arg(long)]
    pub rotate_existing: bool,
    /// Users whose method cannot be used (codes expired, or standard code deleted): keep the
    /// method, give it a new standard code and reset the PIN (slips as for a create).
    #[arg(long, conflicts_with_all = ["replace_unusable", "skip_unusable"])]
    pub renew_unusable: bool,
    /// Users whose method cannot be used: DELETE it, then create a new one. Without one of
    /// these three flags such users are reported "needs renew or replace" and nothing runs
    /// for them.
    #[arg(long, conflicts_with = "skip_unusable")]
    pub replace_unusable: bool,
    /// Users whose method cannot be used: leave them alone (each row says why).
    #[arg(long)]
    pub skip_unusable: bool,
}

/// Where a bulk job's badges and report go.
#[derive(Args, Debug, Clone)]
pub struct BulkOut {
    /// Badge sheets: FILE.pdf becomes FILE-0001.pdf, FILE-0002.pdf, … (written as it goes).
    #[arg(long, value_name = "FILE")]
    pub out_pdf: Option<PathBuf>,
    /// Results CSV (upn, outcome, error, request-id; never a PIN).
    #[arg(long, value_name = "FILE")]
    pub results: Option<PathBuf>,
    /// Print the badge sheets with this printer profile (`qrstation printer profiles`); a
    /// CSV's `printer` column may also only name profiles.
    #[arg(long, value_name = "PROFILE")]
    pub print: Option<String>,
    /// Also write the PINs on slips, a separate file next to each badge sheet (in the exports
    /// folder for a printer-only run).
    #[arg(long)]
    pub pin_slips: bool,
    /// Run without PIN slips although PINs are generated: nobody will know those PINs (each
    /// needs a PIN reset before first use).
    #[arg(long, conflicts_with = "pin_slips")]
    pub no_pin_record: bool,
    /// Most $batch requests in flight (the pace adapts to throttling below that).
    #[arg(long, value_name = "N", default_value_t = 6)]
    pub concurrency: u32,
    /// Label template (`qrstation badge templates`).
    #[arg(long, default_value = "sheet-a4")]
    pub template: String,
    /// Badges kept in memory before they are written (a crash loses at most these).
    #[arg(long, value_name = "N", default_value_t = 100)]
    pub flush_every: u32,
    /// Create methods without writing badges anywhere (their QR codes are never seen).
    #[arg(long)]
    pub no_badges: bool,
}

#[derive(Subcommand)]
pub enum PrinterCommand {
    /// The CUPS queues and the media each offers (CUPS_SERVER or --server, else the local one).
    List {
        /// CUPS server as HOST:PORT.
        #[arg(long, value_name = "HOST:PORT")]
        server: Option<String>,
    },
    /// The saved printer profiles; the default is marked with *.
    Profiles,
    /// Add, remove or choose the default printer profile.
    #[command(subcommand)]
    Profile(ProfileCommand),
}

#[derive(Subcommand)]
pub enum ProfileCommand {
    /// Save a new profile NAME (the first one becomes the default).
    Add {
        name: String,
        /// cups:QUEUE, tcp:HOST[:PORT], file:PATH, or a CUPS queue name.
        // clap's --help text, shown verbatim: `[:PORT]` is optional syntax, not a doc link.
        #[allow(rustdoc::broken_intra_doc_links)]
        #[arg(long, value_name = "PRINTER")]
        printer: String,
        /// Label template (`qrstation badge templates`).
        #[arg(long)]
        template: String,
        /// png, pdf, zpl or brother-ql; by default ZPL for Zebra and Brother QL raster for
        /// Brother templates on raw printers, else PDF.
        #[arg(long)]
        format: Option<String>,
        /// Copies per print (1-20).
        #[arg(long)]
        copies: Option<u32>,
        /// Media for a CUPS driver queue, as `qrstation printer list` shows it (e.g. A4).
        #[arg(long)]
        media: Option<String>,
        /// Replace the profile if NAME exists.
        #[arg(long)]
        replace: bool,
    },
    /// Remove the profile NAME.
    Remove { name: String },
    /// Print with the profile NAME when no printer or profile is given.
    Default { name: String },
}

#[derive(Subcommand)]
#[allow(clippy::large_enum_variant)] // parsed once per run
pub enum BadgeCommand {
    /// Render a badge from a QR payload (base64 of Graph's rawContent) without Graph.
    Render {
        #[arg(long)]
        payload_base64: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        upn: String,
        #[arg(long)]
        department: Option<String>,
        /// YYYY-MM-DD or RFC 3339.
        #[arg(long)]
        valid_until: Option<String>,
        /// Error correction level Graph reported (L, M, Q, H).
        #[arg(long)]
        ecc: Option<String>,
        #[command(flatten)]
        out: BadgeOut,
    },
    /// The label templates (built in, and *.json in the data directory's templates folder).
    Templates,
}

#[derive(Subcommand)]
pub enum UserCommand {
    /// Users whose name, UPN or mail starts with QUERY (recent users first).
    Search {
        query: String,
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// A user and the state of their method.
    Show { user: String },
}

#[derive(Subcommand)]
#[allow(clippy::large_enum_variant)] // parsed once per run
pub enum MethodCommand {
    /// The state of USER's method.
    Show { user: String },
    /// Create USER's method: a standard QR code (the badge) and a PIN, shown once.
    Create {
        user: String,
        /// Valid from (RFC 3339 or YYYY-MM-DD, UTC); now by default.
        #[arg(long)]
        start: Option<String>,
        /// Expires at (RFC 3339 or YYYY-MM-DD, UTC).
        #[arg(long, conflicts_with = "days")]
        expires: Option<String>,
        /// Lifetime in days (1-395); 365 by default.
        #[arg(long)]
        days: Option<i64>,
        /// Read the PIN from the first line of standard input (never from the command line).
        #[arg(long, conflicts_with = "generate_pin")]
        pin_stdin: bool,
        /// Generate a PIN that satisfies the tenant policy (the default).
        #[arg(long)]
        generate_pin: bool,
        /// If USER has a method that can no longer be used and Microsoft will not create over
        /// it: delete it (badge, temporary code, PIN) and create the new one. Without this the
        /// create stops and says so (see also `method renew`).
        #[arg(long)]
        replace_unusable: bool,
        #[command(flatten)]
        out: QrOut,
    },
    /// Renew USER's method: a new badge code and a new PIN on the existing method (for an
    /// expired badge, or the yearly renewal). The badge keeps the old expiry when that is
    /// still ahead, else the tenant's lifetime applies.
    Renew {
        user: String,
        /// Expires at (RFC 3339 or YYYY-MM-DD, UTC) instead.
        #[arg(long)]
        expires: Option<String>,
        #[command(flatten)]
        out: QrOut,
    },
    /// Delete USER's method (badge, temporary code and PIN).
    Delete { user: String },
}

#[derive(Subcommand)]
pub enum PinCommand {
    /// Reset USER's PIN: a temporary PIN, shown once, to be changed at next sign-in.
    Reset { user: String },
    /// Change your own PIN: reads the current PIN, then the new one, from standard input.
    Change,
}

#[derive(Subcommand)]
pub enum QrCommand {
    /// Replace USER's badge code (the old badge stops working; the PIN stays).
    Rotate {
        user: String,
        /// Expires at (RFC 3339 or YYYY-MM-DD, UTC); by default the new code keeps the old
        /// code's expiry (the tenant's lifetime when the old code has expired).
        #[arg(long)]
        expires: Option<String>,
        #[command(flatten)]
        out: QrOut,
    },
    /// Add a temporary code valid for HOURS (1-12).
    Temp {
        user: String,
        #[arg(long)]
        hours: i64,
        #[command(flatten)]
        out: QrOut,
    },
    /// Delete USER's temporary code.
    DeleteTemp { user: String },
    /// Move the badge code's expiry.
    Extend {
        user: String,
        #[arg(long)]
        expires: String,
        /// Where the badge goes should Microsoft make a new code instead (it does when the
        /// code expired meanwhile: that image is shown once).
        #[command(flatten)]
        out: QrOut,
    },
}

/// Where the QR code Graph returns once goes: its own image, and/or a badge.
#[derive(Args, Debug, Clone, Default)]
pub struct QrOut {
    /// Save the QR code image Graph returned (shown only once) to FILE.
    #[arg(long, value_name = "FILE")]
    pub qr_out: Option<PathBuf>,
    #[command(flatten)]
    pub badge: BadgeOut,
}

/// A badge rendered from the QR code: to a file and/or a printer.
#[derive(Args, Debug, Clone, Default)]
pub struct BadgeOut {
    /// Write the badge to FILE.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Print the badge: cups:QUEUE, tcp:HOST[:PORT], file:PATH, or a CUPS queue name.
    // clap's --help text, shown verbatim: `[:PORT]` is optional syntax, not a doc link.
    #[allow(rustdoc::broken_intra_doc_links)]
    #[arg(long, value_name = "PRINTER")]
    pub print: Option<String>,
    /// Print with the printer profile NAME (its printer, template, format and copies;
    /// `qrstation printer profiles`); --out then writes the same badge.
    #[arg(long, value_name = "NAME", conflicts_with_all = ["print", "template", "format"])]
    pub profile: Option<String>,
    /// Label template (`qrstation badge templates`).
    #[arg(long, default_value = "sheet-a4")]
    pub template: String,
    /// png, pdf, zpl or brother-ql; by default what the --out file's name says
    /// (.pdf, .png, .zpl, .ql), else pdf. Contradicting the file name is an error.
    #[arg(long)]
    pub format: Option<String>,
}

#[derive(Subcommand)]
pub enum PolicyCommand {
    /// Show the policy: state, PIN length, standard code lifetime.
    Show,
}

#[derive(Subcommand)]
pub enum EmulatorCommand {
    /// Serve the emulator until Ctrl-C (flags in docs/emulator.md).
    Serve(qrstation_emulator::ServeArgs),
    /// Put the demo tenant kept in the data directory back to its seed.
    Reset,
}

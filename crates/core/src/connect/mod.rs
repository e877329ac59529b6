//! One way to connect: the settings (and, from the CLI, its flags) become a [`Target`] — the
//! demo tenant, a Microsoft Entra tenant or a bearer token — and a target becomes a
//! [`Connected`] station ([`Target::open`]). The desktop app (`session`), the kiosk
//! (`kiosk::tenant`) and the CLI all resolve their tenant here, and the shells reach
//! the Graph types they need through the re-exports below rather than `qrstation-graph`.

mod open;
mod target;

#[cfg(not(feature = "demo-tenant"))]
pub(crate) use open::no_demo_tenant;
pub use open::{Connected, EntraSignIn};
pub use target::{BearerToken, Flags, Target};

pub use qrstation_graph::auth::{
    BrowserOpener, Cancel, CredentialStorage, DeviceCode, MemoryStore, SecretStore,
};
pub use qrstation_graph::models::MethodState;
pub use qrstation_graph::{Cloud, Endpoints, MFA_STEP_UP_CLAIMS};

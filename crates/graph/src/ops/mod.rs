//! The Graph operations, one file per resource: methods (E1–E3, E12), QR codes (E4–E7), the
//! PIN (E8–E11), the tenant policy (E13–E15), users, and `$batch`.

pub mod batch;
pub mod codes;
pub mod directory_scope;
pub mod methods;
pub mod pin;
pub mod policy;
pub mod users;

pub use batch::{BatchAnswer, BatchItem, BatchReply, MAX_BATCH};
pub use codes::{ExpiryChange, QrKind};
pub use directory_scope::{AdministrativeUnit, RoleAssignment};
pub use methods::Created;
pub use pin::{ResetPinBody, UpdatePinVerb};
pub use users::{SearchMode, UserQuery};

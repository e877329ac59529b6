//! What each operation needs, in words a person can act on when Graph answers 403. Taken from
//! the published permission tables (graph-qr-api.md §1 and §5.5).

/// Reading a QR code + PIN method, its codes or PIN, or the list of methods.
pub const READ_METHOD: &str = "the UserAuthMethod-QR.Read.All or UserAuthenticationMethod.Read.All permission, \
and for other users the Global Reader, Authentication Administrator or Privileged Authentication Administrator role";

/// Creating, changing or deleting a method, a QR code, or resetting a PIN.
pub const WRITE_METHOD: &str =
    "the UserAuthMethod-QR.ReadWrite.All or UserAuthenticationMethod.ReadWrite.All permission \
and the Authentication Administrator or Privileged Authentication Administrator role";

/// A user changing their own PIN.
pub const UPDATE_PIN: &str =
    "the delegated Directory.AccessAsUser.All permission (a signed-in user changing their own PIN)";

/// Reading the tenant's QR code + PIN policy.
pub const POLICY_READ: &str =
    "the Policy.Read.AuthenticationMethod permission and the Global Reader or \
Authentication Policy Administrator role";

/// Changing or resetting the tenant's QR code + PIN policy.
pub const POLICY_WRITE: &str = "the Policy.ReadWrite.AuthenticationMethod permission and the \
Authentication Policy Administrator role";

/// Searching and reading users.
pub const USERS_READ: &str = "the User.Read.All or User.ReadBasic.All permission";

/// Reading the signed-in user.
pub const ME: &str = "the User.Read permission";

/// A `$batch` request (each item is judged on its own).
pub const BATCH: &str = "the permissions of each batched operation";

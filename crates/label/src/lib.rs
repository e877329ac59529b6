//! Badges: the QR code re-rendered from Graph's `rawContent` at whole printer dots per module,
//! label templates, the PDF/PNG/ZPL/Brother QL outputs and the printer transports.
//!
//! What does not belong here: Graph calls, the database, the user interface. The bytes given
//! to this crate are secrets; it never logs them and writes them only to the requested output.

pub mod error;
pub mod geometry;

pub use error::LabelError;
pub use geometry::QrGeometry;

//! What the server tells the app about itself while rendering.

use serde::{Deserialize, Serialize};

/// Server settings the app needs while rendering.
#[derive(Debug, Clone, Copy)]
pub struct AppSettings {
    /// Development sign-in (personas) is on: never in production, nor where DfE Sign-in is
    /// configured.
    pub development_sign_in: bool,
    /// Pages that help a developer (the emails the service would have sent): never in
    /// production.
    pub development_tools: bool,
}

/// The stylesheet's path (named by its content's hash in a hashed build), known on the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stylesheet(pub String);

/// Whether pages for developers (the emails page) exist: known on the server, shared with the
/// browser when it hydrates so both render the same footer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DevelopmentTools(pub bool);

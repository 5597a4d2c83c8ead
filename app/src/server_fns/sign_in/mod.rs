mod get_sign_in_options;

pub use get_sign_in_options::*;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonaOption {
    pub user_id: i64,
    pub full_name: String,
}

/// How a person signs in here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SignInOptions {
    /// DfE Sign-in (OpenID Connect): production, or wherever it is configured.
    DfeSignIn,
    /// Development only: choose a seeded persona.
    Personas(Vec<PersonaOption>),
}

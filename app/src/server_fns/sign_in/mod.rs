mod list_personas;

pub use list_personas::*;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonaOption {
    pub user_id: i64,
    pub full_name: String,
}

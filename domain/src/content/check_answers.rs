//! Check your answers, before saving.

pub const CHECK_ADD_TITLE: &str = "Check your answers - Add support user";
pub const CHECK_HEADING: &str = "Check your answers";
pub const SAVE_USER: &str = "Save user";

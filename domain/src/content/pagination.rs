//! The GOV.UK pagination component.

pub const PREVIOUS: &str = "Previous";
pub const NEXT: &str = "Next";
pub const PAGE_SUFFIX_HIDDEN: &str = " page";
pub const PAGINATION_LABEL: &str = "Pagination";
pub fn page_label(n: u32) -> String {
    format!("Page {n}")
}

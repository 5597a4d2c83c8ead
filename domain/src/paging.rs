//! Page arithmetic for the support users list, and the GOV.UK pagination component's choice of
//! which page numbers to show.

use serde::{Deserialize, Serialize};

pub const PAGE_SIZE: u64 = 25;

/// A requested page number that exists for the current number of rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageRequest {
    pub page: u32,
    pub total_pages: u32,
}

impl PageRequest {
    /// Page 1 always exists (an empty list is still a page); any other page must hold rows.
    pub fn new(page: u32, total_rows: u64) -> Option<Self> {
        let total_pages = total_pages(total_rows);
        (page >= 1 && page <= total_pages).then_some(Self { page, total_pages })
    }
}

pub fn total_pages(total_rows: u64) -> u32 {
    u32::try_from(total_rows.div_ceil(PAGE_SIZE).max(1)).unwrap_or(u32::MAX)
}

/// `?page=N` as typed in the address bar: absent means 1; anything that is not a whole number
/// from 1 up is no page at all.
pub fn parse_page_param(raw: Option<&str>) -> Option<u32> {
    match raw {
        None => Some(1),
        Some(s) => s.parse::<u32>().ok().filter(|&n| n >= 1),
    }
}

/// One entry of the pagination list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageItem {
    Number(u32),
    Ellipsis,
}

/// The numbers GOV.UK shows: the first and last page, the current page and its neighbours, and
/// an ellipsis for each gap of more than one page.
pub fn page_items(current: u32, total: u32) -> Vec<PageItem> {
    let mut items = Vec::new();
    let mut last_shown = 0;
    for n in 1..=total {
        let near_current = n + 1 >= current && n <= current + 1;
        if n == 1 || n == total || near_current {
            if n > last_shown + 2 {
                items.push(PageItem::Ellipsis);
            } else if n == last_shown + 2 {
                // A gap of exactly one page: show the page rather than an ellipsis.
                items.push(PageItem::Number(n - 1));
            }
            items.push(PageItem::Number(n));
            last_shown = n;
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use super::PageItem::{Ellipsis as E, Number as N};
    use super::*;

    #[test]
    fn page_one_exists_even_when_empty() {
        assert_eq!(PageRequest::new(1, 0).map(|p| p.total_pages), Some(1));
        assert_eq!(PageRequest::new(2, 0), None);
    }

    #[test]
    fn pages_hold_25_rows() {
        assert_eq!(total_pages(25), 1);
        assert_eq!(total_pages(26), 2);
        assert_eq!(total_pages(50), 2);
        assert_eq!(total_pages(51), 3);
        assert_eq!(PageRequest::new(2, 26).map(|p| p.total_pages), Some(2));
        assert_eq!(PageRequest::new(3, 50), None);
        assert_eq!(PageRequest::new(0, 50), None);
    }

    #[test]
    fn page_param_is_a_whole_number_from_one() {
        assert_eq!(parse_page_param(None), Some(1));
        assert_eq!(parse_page_param(Some("2")), Some(2));
        for bad in ["0", "-1", "abc", "1.5", "", "99999999999999999999"] {
            assert_eq!(parse_page_param(Some(bad)), None, "{bad}");
        }
    }

    #[test]
    fn page_items_follow_the_govuk_pattern() {
        assert_eq!(page_items(1, 1), vec![N(1)]);
        assert_eq!(page_items(1, 2), vec![N(1), N(2)]);
        assert_eq!(page_items(1, 5), vec![N(1), N(2), E, N(5)]);
        assert_eq!(page_items(3, 5), vec![N(1), N(2), N(3), N(4), N(5)]);
        assert_eq!(page_items(5, 10), vec![N(1), E, N(4), N(5), N(6), E, N(10)]);
        assert_eq!(page_items(10, 10), vec![N(1), E, N(9), N(10)]);
        // A single hidden page is shown instead of an ellipsis.
        assert_eq!(
            page_items(4, 7),
            vec![N(1), N(2), N(3), N(4), N(5), N(6), N(7)]
        );
    }
}

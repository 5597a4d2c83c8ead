//! GOV.UK Design System components, one module per pattern, with the markup GOV.UK Frontend's
//! templates produce so its CSS and JavaScript apply unchanged.

mod back_link;
mod button;
mod error_page;
mod error_summary;
mod govuk_svg;
mod history;
mod inset_text;
mod layout;
mod notification_banner;
mod page_data;
mod pagination;
mod radios;
mod search_form;
mod summary_list;
mod table;
mod tag;
mod text_input;
mod user_answers;
mod user_form;
mod warning_text;

pub use back_link::BackLink;
pub use button::{Button, ButtonLink, ButtonVariant};
pub use error_page::ErrorPage;
pub use error_summary::ErrorSummary;
pub use history::History;
pub use inset_text::InsetText;
pub use layout::Layout;
pub use notification_banner::{ImportantBanner, SuccessBanner};
pub use page_data::PageData;
pub use pagination::Pagination;
pub use radios::{Legend, RadioOption, Radios};
pub use search_form::SearchForm;
pub use summary_list::{SummaryAction, SummaryList, SummaryRow};
pub use table::Table;
pub use tag::{AccountTag, Tag, TagColour};
pub use text_input::TextInput;
pub use user_answers::UserAnswers;
pub use user_form::UserForm;
pub use warning_text::WarningText;

use leptos::prelude::*;

/// A GOV.UK tag's colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagColour {
    Grey,
    Blue,
    Green,
    Red,
}

impl TagColour {
    fn class(self) -> &'static str {
        match self {
            TagColour::Grey => "govuk-tag govuk-tag--grey",
            TagColour::Blue => "govuk-tag govuk-tag--blue",
            TagColour::Green => "govuk-tag govuk-tag--green",
            TagColour::Red => "govuk-tag govuk-tag--red",
        }
    }
}

/// A GOV.UK tag: a short status.
#[component]
pub fn Tag(colour: TagColour, text: &'static str) -> impl IntoView {
    view! { <strong class=colour.class()>{text}</strong> }
}

/// An account's status: "Active" (green) or "Inactive" (grey).
#[component]
pub fn AccountTag(active: bool) -> impl IntoView {
    if active {
        view! { <Tag colour=TagColour::Green text=domain::content::ACCOUNT_ACTIVE/> }
    } else {
        view! { <Tag colour=TagColour::Grey text=domain::content::ACCOUNT_INACTIVE/> }
    }
}

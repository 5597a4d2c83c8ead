use leptos::prelude::*;

/// GOV.UK inset text: something the reader should know before they go on.
#[component]
pub fn InsetText(children: Children) -> impl IntoView {
    view! { <div class="govuk-inset-text">{children()}</div> }
}

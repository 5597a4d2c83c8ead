use domain::content;
use leptos::html::Div;
use leptos::prelude::*;

/// The GOV.UK error summary: every problem, each linking to its field. It takes focus when the
/// page loads (`autofocus`, so also without JavaScript) and when the form shows new errors.
#[component]
pub fn ErrorSummary(
    /// (input id, message) pairs, in page order.
    items: Vec<(&'static str, &'static str)>,
    #[prop(optional)] node_ref: NodeRef<Div>,
) -> impl IntoView {
    view! {
        <div
            class="govuk-error-summary"
            data-module="govuk-error-summary"
            tabindex="-1"
            autofocus
            node_ref=node_ref
        >
            <div role="alert">
                <h2 class="govuk-error-summary__title">{content::ERROR_SUMMARY_TITLE}</h2>
                <div class="govuk-error-summary__body">
                    <ul class="govuk-list govuk-error-summary__list">
                        {items
                            .into_iter()
                            .map(|(id, message)| view! { <li><a href=format!("#{id}")>{message}</a></li> })
                            .collect_view()}
                    </ul>
                </div>
            </div>
        </div>
    }
}

use leptos::prelude::*;

/// A GOV.UK table. The caption names the table for screen readers; `caption_hidden` keeps it
/// off screen where the page heading already says the same.
#[component]
pub fn Table(
    #[prop(into)] caption: String,
    #[prop(optional)] caption_hidden: bool,
    head: Vec<&'static str>,
    rows: Vec<Vec<AnyView>>,
) -> impl IntoView {
    let caption_class = if caption_hidden {
        "govuk-table__caption govuk-visually-hidden"
    } else {
        "govuk-table__caption govuk-table__caption--m"
    };
    view! {
        <table class="govuk-table">
            <caption class=caption_class>{caption}</caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    {head
                        .into_iter()
                        .map(|h| view! { <th scope="col" class="govuk-table__header">{h}</th> })
                        .collect_view()}
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                {rows
                    .into_iter()
                    .map(|cells| {
                        view! {
                            <tr class="govuk-table__row">
                                {cells
                                    .into_iter()
                                    .map(|cell| view! { <td class="govuk-table__cell">{cell}</td> })
                                    .collect_view()}
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

use domain::content;
use domain::list_query::{ListQuery, Show};
use domain::paths;
use leptos::prelude::*;

/// The search above the support users list (SPEC §7): a GET form, so it works without
/// JavaScript, with a GOV.UK text input and select, and one button that sends both.
#[component]
pub fn SearchForm(query: ListQuery) -> impl IntoView {
    let search = query
        .search
        .as_ref()
        .map(|s| s.as_str().to_owned())
        .unwrap_or_default();
    let options = Show::ALL
        .into_iter()
        .map(|show| {
            view! {
                <option value=show.value() selected=show == query.show>
                    {content::show_option(show)}
                </option>
            }
        })
        .collect_view();
    view! {
        <form method="get" action=paths::USERS role="search" class="app-search">
            <div class="govuk-grid-row">
                <div class="govuk-grid-column-one-half">
                    <div class="govuk-form-group">
                        <label class="govuk-label govuk-label--s" for="q">{content::SEARCH_LABEL}</label>
                        <input
                            class="govuk-input"
                            id="q"
                            name="q"
                            type="search"
                            value=search
                            autocomplete="off"
                            spellcheck="false"
                        />
                    </div>
                </div>
                <div class="govuk-grid-column-one-quarter">
                    <div class="govuk-form-group">
                        <label class="govuk-label govuk-label--s" for="show">{content::SHOW_LABEL}</label>
                        <select class="govuk-select" id="show" name="show">{options}</select>
                    </div>
                </div>
                <div class="govuk-grid-column-one-quarter">
                    <button type="submit" class="govuk-button govuk-button--secondary app-search__button" data-module="govuk-button">
                        {content::SEARCH_BUTTON}
                    </button>
                </div>
            </div>
        </form>
    }
}

use domain::content;
use leptos::html::Input;
use leptos::prelude::*;

/// One radio: its value, its label, and a handle the island reads it through.
#[derive(Clone)]
pub struct RadioOption {
    pub value: &'static str,
    pub label: &'static str,
    pub node_ref: NodeRef<Input>,
}

/// How the question is titled: as the page's heading (a page that asks only it), or as a
/// question among others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Legend {
    PageHeading,
    Question,
}

/// GOV.UK radios (inline), in a fieldset whose legend is the question, with an inline error
/// message. The first radio has the id `id`, so an error summary's link lands on it.
#[component]
pub fn Radios(
    id: &'static str,
    name: &'static str,
    legend: &'static str,
    legend_style: Legend,
    options: Vec<RadioOption>,
    /// The value chosen so far, if any.
    chosen: Option<String>,
    #[prop(into)] error: Signal<Option<&'static str>>,
    /// Focus the first radio when the page loads (a "Change" link named this question).
    #[prop(optional)]
    autofocus: bool,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let described_by = {
        let error_id = error_id.clone();
        move || error.get().map(|_| error_id.clone())
    };
    let has_error = move || error.get().is_some();
    let legend = match legend_style {
        Legend::PageHeading => view! {
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--l">
                <h1 class="govuk-fieldset__heading">{legend}</h1>
            </legend>
        }
        .into_any(),
        Legend::Question => view! {
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">{legend}</legend>
        }
        .into_any(),
    };
    let items = options
        .into_iter()
        .enumerate()
        .map(|(n, option)| {
            let input_id = if n == 0 {
                id.to_owned()
            } else {
                format!("{id}-{}", n + 1)
            };
            let checked = chosen.as_deref() == Some(option.value);
            view! {
                <div class="govuk-radios__item">
                    <input
                        class="govuk-radios__input"
                        id=input_id.clone()
                        name=name
                        type="radio"
                        value=option.value
                        checked=checked
                        autofocus=autofocus && n == 0
                        node_ref=option.node_ref
                    />
                    <label class="govuk-label govuk-radios__label" for=input_id>
                        {option.label}
                    </label>
                </div>
            }
        })
        .collect_view();
    view! {
        <div class="govuk-form-group" class:govuk-form-group--error=has_error>
            <fieldset class="govuk-fieldset" aria-describedby=described_by>
                {legend}
                {move || {
                    error.get().map(|message| view! {
                        <p id=error_id.clone() class="govuk-error-message">
                            <span class="govuk-visually-hidden">{content::ERROR_PREFIX_HIDDEN}</span>
                            " "
                            {message}
                        </p>
                    })
                }}
                <div class="govuk-radios govuk-radios--inline" data-module="govuk-radios">
                    {items}
                </div>
            </fieldset>
        </div>
    }
    .into_any()
}

use domain::content;
use leptos::html::Input;
use leptos::prelude::*;

/// A GOV.UK text input with its label, optional hint and inline error message.
#[component]
pub fn TextInput(
    id: &'static str,
    /// The form field's name: the server function's argument.
    name: &'static str,
    label: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(into)] value: String,
    #[prop(into)] error: Signal<Option<&'static str>>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] input_type: Option<&'static str>,
    #[prop(optional)] node_ref: NodeRef<Input>,
    /// Focus this field when the page loads (it was the one a "Change" link named).
    #[prop(optional)]
    autofocus: bool,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let ids: Vec<&str> = [
                hint.map(|_| hint_id.as_str()),
                error.get().map(|_| error_id.as_str()),
            ]
            .into_iter()
            .flatten()
            .collect();
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let has_error = move || error.get().is_some();
    view! {
        <div class="govuk-form-group" class:govuk-form-group--error=has_error>
            <label class="govuk-label govuk-label--s" for=id>{label}</label>
            {hint.map(|text| view! { <div id=hint_id.clone() class="govuk-hint">{text}</div> })}
            {move || {
                error.get().map(|message| view! {
                    <p id=error_id.clone() class="govuk-error-message">
                        <span class="govuk-visually-hidden">{content::ERROR_PREFIX_HIDDEN}</span>
                        " "
                        {message}
                    </p>
                })
            }}
            <input
                class="govuk-input"
                class:govuk-input--error=has_error
                id=id
                name=name
                type=input_type.unwrap_or("text")
                value=value
                aria-describedby=described_by
                autocomplete=autocomplete
                spellcheck="false"
                autofocus=autofocus
                node_ref=node_ref
            />
        </div>
    }
    .into_any()
}

use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ButtonVariant {
    #[default]
    Primary,
    Secondary,
    Warning,
}

impl ButtonVariant {
    fn class(self) -> &'static str {
        match self {
            ButtonVariant::Primary => "govuk-button",
            ButtonVariant::Secondary => "govuk-button govuk-button--secondary",
            ButtonVariant::Warning => "govuk-button govuk-button--warning",
        }
    }
}

/// A form's submit button.
#[component]
pub fn Button(
    #[prop(optional)] variant: ButtonVariant,
    /// GOV.UK Frontend ignores a second click within a second (it still works without JS:
    /// the server makes a repeated submission harmless).
    #[prop(optional)]
    prevent_double_click: bool,
    children: Children,
) -> impl IntoView {
    view! {
        <button
            type="submit"
            class=variant.class()
            data-module="govuk-button"
            data-prevent-double-click=prevent_double_click.then_some("true")
        >
            {children()}
        </button>
    }
}

/// A link that looks like a button, for actions that start a journey ("Add user").
#[component]
pub fn ButtonLink(
    #[prop(into)] href: String,
    #[prop(optional)] variant: ButtonVariant,
    children: Children,
) -> impl IntoView {
    view! {
        <a href=href role="button" draggable="false" class=variant.class() data-module="govuk-button">
            {children()}
        </a>
    }
}

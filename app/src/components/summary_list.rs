use leptos::prelude::*;

/// A row's "Change" link: `visually_hidden` completes the link text for screen readers
/// ("Change" + " first name").
#[derive(Debug, Clone)]
pub struct SummaryAction {
    pub href: String,
    pub text: &'static str,
    pub visually_hidden: String,
}

#[derive(Debug, Clone)]
pub struct SummaryRow {
    pub key: &'static str,
    pub value: String,
    pub action: Option<SummaryAction>,
}

#[component]
pub fn SummaryList(rows: Vec<SummaryRow>) -> impl IntoView {
    // GOV.UK: when some rows have actions and others do not, the others get a modifier class
    // so the columns line up.
    let any_actions = rows.iter().any(|r| r.action.is_some());
    view! {
        <dl class="govuk-summary-list">
            {rows
                .into_iter()
                .map(|row| {
                    let class = if any_actions && row.action.is_none() {
                        "govuk-summary-list__row govuk-summary-list__row--no-actions"
                    } else {
                        "govuk-summary-list__row"
                    };
                    view! {
                        <div class=class>
                            <dt class="govuk-summary-list__key">{row.key}</dt>
                            <dd class="govuk-summary-list__value">{row.value}</dd>
                            {row
                                .action
                                .map(|action| {
                                    view! {
                                        <dd class="govuk-summary-list__actions">
                                            <a class="govuk-link" href=action.href>
                                                {action.text}
                                                <span class="govuk-visually-hidden">
                                                    {format!(" {}", action.visually_hidden)}
                                                </span>
                                            </a>
                                        </dd>
                                    }
                                })}
                        </div>
                    }
                })
                .collect_view()}
        </dl>
    }
}

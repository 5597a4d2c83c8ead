use crate::components::{Button, ButtonVariant, InsetText, PageData, SummaryList, SummaryRow};
use crate::server_fns::account::{AccountDetails, SignOutEverywhere, get_account};
use domain::content;
use domain::paths;
use leptos::prelude::*;
use leptos_meta::Title;

/// `GET /account`: "Your account" (SPEC §9). The person's own details, read only (they come
/// from DfE Sign-in), when they signed in before, and "Sign out everywhere".
#[component]
pub fn AccountPage() -> impl IntoView {
    let data = get_account();
    view! {
        <PageData load=data let:account>
            <Account account/>
        </PageData>
    }
}

#[component]
fn Account(account: AccountDetails) -> impl IntoView {
    let sign_out_everywhere = ServerAction::<SignOutEverywhere>::new();
    let rows = vec![
        SummaryRow {
            key: content::FIRST_NAME,
            value: account.first_name,
            action: None,
        },
        SummaryRow {
            key: content::LAST_NAME,
            value: account.last_name,
            action: None,
        },
        SummaryRow {
            key: content::EMAIL_ADDRESS,
            value: account.email,
            action: None,
        },
        SummaryRow {
            key: content::LAST_SIGNED_IN,
            value: account
                .previous_sign_in
                .unwrap_or_else(|| content::FIRST_SIGN_IN.to_owned()),
            action: None,
        },
    ];
    view! {
        <Title text=content::page_title(content::ACCOUNT_TITLE, false)/>
        <nav class="govuk-breadcrumbs" aria-label=content::BREADCRUMBS_LABEL>
            <ol class="govuk-breadcrumbs__list">
                <li class="govuk-breadcrumbs__list-item">
                    <a class="govuk-breadcrumbs__link" href=paths::USERS>
                        {content::BREADCRUMB_HOME}
                    </a>
                </li>
            </ol>
        </nav>
        <h1 class="govuk-heading-l">{content::ACCOUNT_TITLE}</h1>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <SummaryList rows/>
                <InsetText>
                    <p class="govuk-body">
                        {content::ACCOUNT_FROM_DFE_SIGN_IN}
                        " "
                        <a class="govuk-link" href=paths::DFE_SIGN_IN_PROFILE>
                            {content::DFE_SIGN_IN_PROFILE_LINK}
                        </a>
                        "."
                    </p>
                </InsetText>
                <ActionForm action=sign_out_everywhere>
                    <Button variant=ButtonVariant::Secondary prevent_double_click=true>
                        {content::SIGN_OUT_EVERYWHERE}
                    </Button>
                </ActionForm>
            </div>
        </div>
    }
}

use crate::components::{
    Button, ButtonVariant, History, PageData, SuccessBanner, SummaryAction, SummaryList,
    SummaryRow, Table, Tag, TagColour,
};
use crate::error::AppError;
use crate::server_fns::users::{EmailRow, EmailTag, ResendInvitation, UserDetails, get_user};
use domain::content;
use domain::forms::{AccountActive, user_form_ids as ids};
use domain::paths;
use leptos::prelude::*;
use leptos_meta::Title;

/// `GET /users/{id}`: one support user's details.
#[component]
pub fn UserPage() -> impl IntoView {
    let id = super::user_id_param();
    let id = untrack(id);
    let data = async move {
        match id {
            Some(id) => get_user(id).await,
            None => Err(AppError::NotFound),
        }
    };
    view! {
        <PageData load=data let:user>
            <UserSummary user/>
        </PageData>
    }
}

#[component]
fn UserSummary(user: UserDetails) -> impl IntoView {
    let edit_href = paths::User(user.id).edit();
    let change = |field: &str, label: &str| {
        user.can_change.then(|| SummaryAction {
            href: format!("{edit_href}?change={field}#{field}"),
            text: content::CHANGE,
            visually_hidden: label.to_lowercase(),
        })
    };
    let active = AccountActive::from_active(user.active);
    let rows = vec![
        SummaryRow {
            key: content::FIRST_NAME,
            value: user.first_name.clone(),
            action: change("first-name", content::FIRST_NAME),
        },
        SummaryRow {
            key: content::LAST_NAME,
            value: user.last_name.clone(),
            action: change("last-name", content::LAST_NAME),
        },
        SummaryRow {
            key: content::EMAIL_ADDRESS,
            value: user.email.clone(),
            action: change("email", content::EMAIL_ADDRESS),
        },
        // Switching the account off and on stays possible after sign-in.
        SummaryRow {
            key: content::ACCOUNT_ACTIVE_QUESTION,
            value: active.label().to_owned(),
            action: user.can_change_status.then(|| SummaryAction {
                href: format!("{edit_href}?change={0}#{0}", ids::ACTIVE),
                text: content::CHANGE,
                visually_hidden: content::CHANGE_ACCOUNT_ACTIVE_HIDDEN.to_owned(),
            }),
        },
    ];
    let signed_in_line = match &user.last_signed_in {
        Some(when) => content::last_signed_in_at(when),
        None => content::NEVER_SIGNED_IN.to_owned(),
    };
    let delete_href = paths::User(user.id).delete();
    let history = user.history.clone();
    let resend = ServerAction::<ResendInvitation>::new();
    let user_id = user.id;
    view! {
        <Title text=content::page_title(content::USER_TITLE, false)/>
        {user.banner.map(|flash| view! { <SuccessBanner heading=flash.message()/> })}
        <span class="govuk-caption-l">{content::USER_CAPTION}</span>
        <h1 class="govuk-heading-l">{user.full_name.clone()}</h1>
        <SummaryList rows/>
        <p class="govuk-body">{signed_in_line}</p>
        {user
            .can_resend_invitation
            .then(|| {
                view! {
                    <ActionForm action=resend>
                        <input type="hidden" name="id" value=user_id/>
                        <Button variant=ButtonVariant::Secondary prevent_double_click=true>
                            {content::RESEND_INVITATION}
                        </Button>
                    </ActionForm>
                }
            })}
        {user
            .can_delete
            .then(|| {
                view! {
                    <p class="govuk-body">
                        <a class="govuk-link app-link--destructive" href=delete_href>
                            {content::DELETE_USER}
                        </a>
                    </p>
                }
            })}
        <Emails emails=user.emails/>
        <History entries=history/>
    }
}

/// The emails queued about this user, newest first, with what GOV.UK Notify says of each.
#[component]
fn Emails(emails: Vec<EmailRow>) -> impl IntoView {
    let empty = emails.is_empty();
    let rows = emails
        .into_iter()
        .map(|email| {
            let (colour, text) = tag(email.status);
            let not_delivered = email.status == EmailTag::NotDelivered;
            let status = view! {
                <Tag colour text/>
                {not_delivered
                    .then(|| view! {
                        <p class="govuk-body-s govuk-!-margin-top-2 govuk-!-margin-bottom-0">
                            {content::NOT_DELIVERED_HINT}
                        </p>
                    })}
            };
            vec![
                email.kind.into_any(),
                email.sent_to.into_any(),
                status.into_any(),
            ]
        })
        .collect();
    view! {
        <section aria-labelledby="emails-heading">
            <h2 class="govuk-heading-m" id="emails-heading">{content::EMAILS_HEADING}</h2>
            {if empty {
                view! { <p class="govuk-body">{content::EMAILS_NONE}</p> }.into_any()
            } else {
                view! {
                    <Table
                        caption=content::EMAILS_HEADING
                        caption_hidden=true
                        head=vec![content::COLUMN_EMAIL_KIND, content::COLUMN_SENT_TO, content::COLUMN_STATUS]
                        rows
                    />
                }
                    .into_any()
            }}
        </section>
    }
}

fn tag(status: EmailTag) -> (TagColour, &'static str) {
    match status {
        EmailTag::Queued => (TagColour::Grey, content::EMAIL_QUEUED),
        EmailTag::Sending => (TagColour::Blue, content::EMAIL_SENDING),
        EmailTag::Sent => (TagColour::Blue, content::EMAIL_SENT),
        EmailTag::Delivered => (TagColour::Green, content::EMAIL_DELIVERED),
        EmailTag::NotDelivered => (TagColour::Red, content::EMAIL_NOT_DELIVERED),
    }
}

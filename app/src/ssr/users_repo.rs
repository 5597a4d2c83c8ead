//! Support user queries. Every read of "users" goes through `active()`, so a deleted user can
//! never be listed, shown or signed in as.

use super::user_list::{self, PageStarts};
use crate::dev_personas::PERSONAS;
use crate::domain::{DfeEmail, UserFields};
use crate::paging::PageRequest;
use crate::policy::UserFacts;
use crate::server_fns::users::{UserListPage, UserListRow};
use crate::session::SignedInUser;
use chrono::Utc;
use entity::users::{self, Column, Entity as Users};
use sea_orm::sea_query::{Expr, Func};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Select, SqlErr,
};

fn active() -> Select<Users> {
    Users::find().filter(Column::DeletedAt.is_null())
}

/// First name, then last name, case-insensitively; the id makes the order total, so a page
/// never repeats or skips a user. The `users_active_list_order` index serves exactly this.
fn in_list_order(query: Select<Users>) -> Select<Users> {
    query
        .order_by_asc(Expr::expr(Func::lower(Expr::col(Column::FirstName))))
        .order_by_asc(Expr::expr(Func::lower(Expr::col(Column::LastName))))
        .order_by_asc(Column::Id)
}

pub fn full_name(user: &users::Model) -> String {
    format!("{} {}", user.first_name, user.last_name)
}

pub fn facts(user: &users::Model) -> UserFacts {
    UserFacts {
        id: user.id,
        has_signed_in: user.last_signed_in_at.is_some(),
    }
}

pub async fn count_active<C: ConnectionTrait>(db: &C) -> Result<u64, DbErr> {
    active().count(db).await
}

/// `None` when the page does not exist. The count is the list state's (kept by triggers), and
/// a page is read from where it starts in the list-order index: no page counts or skips rows,
/// so page 2,000 costs what page 1 does (see `user_list`).
pub async fn list_page<C: ConnectionTrait>(
    db: &C,
    starts: &PageStarts,
    page: u32,
) -> Result<Option<UserListPage>, DbErr> {
    let (state, users) = if page == 1 {
        user_list::state_and_page(db, None).await?
    } else {
        match starts.last_known(page).await {
            // The usual case: the page starts this process knows are still the list's, which
            // the version read with the page confirms.
            Some((version, start)) => match user_list::state_and_page(db, Some(&start)).await? {
                (state, users) if state.version == version => (state, users),
                _ => return page_after_change(db, starts, page).await,
            },
            None => return page_after_change(db, starts, page).await,
        }
    };
    Ok(PageRequest::new(page, state.active_users)
        .map(|request| list_page_from(state, request, users)))
}

fn list_page_from(
    state: user_list::ListState,
    request: PageRequest,
    users: Vec<users::Model>,
) -> UserListPage {
    UserListPage {
        rows: users
            .into_iter()
            .map(|u| UserListRow {
                id: u.id,
                full_name: full_name(&u),
                email: u.email,
            })
            .collect(),
        total: state.active_users,
        page: request.page,
        total_pages: request.total_pages,
        banner: None,
    }
}

/// A page past the first when the list has changed since this process worked out where its
/// pages start (or it never has): the state first, then the starts for its version, then the
/// page.
async fn page_after_change<C: ConnectionTrait>(
    db: &C,
    starts: &PageStarts,
    page: u32,
) -> Result<Option<UserListPage>, DbErr> {
    let state = user_list::state(db).await?;
    if PageRequest::new(page, state.active_users).is_none() {
        return Ok(None);
    }
    let Some(start) = starts.get(db, state.version, page).await? else {
        // The list changed between reading its state and its page starts.
        return Ok(None);
    };
    let (state, users) = user_list::state_and_page(db, Some(&start)).await?;
    Ok(PageRequest::new(page, state.active_users)
        .map(|request| list_page_from(state, request, users)))
}

pub async fn find_active<C: ConnectionTrait>(
    db: &C,
    id: i64,
) -> Result<Option<users::Model>, DbErr> {
    active().filter(Column::Id.eq(id)).one(db).await
}

/// The signed-in user for a session's user id, if that user is still active.
pub async fn find_signed_in<C: ConnectionTrait>(
    db: &C,
    id: i64,
) -> Result<Option<SignedInUser>, DbErr> {
    Ok(find_active(db, id)
        .await?
        .map(|u| SignedInUser::new(u.id, &u.first_name, &u.last_name)))
}

/// The active users who are development personas, in list order.
pub async fn personas<C: ConnectionTrait>(db: &C) -> Result<Vec<users::Model>, DbErr> {
    in_list_order(active().filter(Column::Email.is_in(PERSONAS.iter().map(|p| p.email))))
        .all(db)
        .await
}

/// Whether an active user other than `except_id` has this address. The unique index is the
/// final word; this lets the form say so before the check page.
pub async fn email_in_use<C: ConnectionTrait>(
    db: &C,
    email: &DfeEmail,
    except_id: Option<i64>,
) -> Result<bool, DbErr> {
    let mut query = active().filter(Column::Email.eq(email.as_str()));
    if let Some(id) = except_id {
        query = query.filter(Column::Id.ne(id));
    }
    Ok(query.count(db).await? > 0)
}

/// Records a sign-in: every sign-in sets `last_signed_in_at`. `false` when the user is no
/// longer active (deleted since they were read), so nothing was recorded.
pub async fn record_sign_in<C: ConnectionTrait>(db: &C, id: i64) -> Result<bool, DbErr> {
    let updated = Users::update_many()
        .col_expr(Column::LastSignedInAt, Expr::value(Utc::now()))
        .filter(Column::Id.eq(id))
        .filter(Column::DeletedAt.is_null())
        .exec(db)
        .await?;
    Ok(updated.rows_affected == 1)
}

#[derive(Debug, thiserror::Error)]
pub enum InsertUserError {
    #[error("email address already in use")]
    EmailTaken,
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Inserts an active user. The partial unique index decides uniqueness, so two simultaneous
/// inserts of one address cannot both succeed.
pub async fn insert<C: ConnectionTrait>(
    db: &C,
    new: UserFields,
    actor_id: Option<i64>,
) -> Result<users::Model, InsertUserError> {
    let now = Utc::now();
    let model = users::ActiveModel {
        first_name: Set(new.first_name.into_inner()),
        last_name: Set(new.last_name.into_inner()),
        email: Set(new.email.into_inner()),
        dfe_sign_in_uid: Set(None),
        last_signed_in_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        deleted_at: Set(None),
        created_by_id: Set(actor_id),
        updated_by_id: Set(actor_id),
        deleted_by_id: Set(None),
        lock_version: Set(1),
        ..Default::default()
    };
    model.insert(db).await.map_err(|err| match err.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => InsertUserError::EmailTaken,
        _ => InsertUserError::Db(err),
    })
}

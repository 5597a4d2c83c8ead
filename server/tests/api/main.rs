//! Integration tests: the real server on a temporary SQLite database, driven over HTTP as a
//! browser without JavaScript drives it (cookies, forms, redirects).

mod account;
mod account_status;
mod add_user;
mod authorization;
mod change_user;
mod check_pages;
mod cli;
mod csv_download;
mod delete_user;
mod delivery_receipts;
mod dfe_sign_in;
mod dormancy;
mod email_delivery;
mod emails;
mod faults;
mod find_users;
mod fuzz;
mod hardening;
mod health;
mod helpers;
mod instances;
mod light_pages;
mod notify_contract;
mod oidc_provider;
mod outage;
mod personal_data;
mod private_postgres;
mod resend_invitation;
mod secure_by_default;
mod sign_in;
mod user_details;
mod users_list;
mod windows;

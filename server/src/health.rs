//! `GET /healthz`: whether this instance can serve. 200 when the database answers and the email
//! worker is running, 503 when either is not; the body says which, as JSON.

use crate::background::TaskStatus;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use sea_orm::DatabaseConnection;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct Health {
    pub database: &'static str,
    pub email_worker: &'static str,
}

pub async fn healthz(
    State(db): State<DatabaseConnection>,
    State(email_worker): State<TaskStatus>,
) -> (StatusCode, Json<Health>) {
    let database_up = match db.ping().await {
        Ok(()) => true,
        Err(err) => {
            tracing::error!(error = %err, "health check: the database did not answer");
            false
        }
    };
    let worker_up = email_worker.is_running();
    let status = if database_up && worker_up {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let database = if database_up { "ok" } else { "unavailable" };
    let email_worker = if worker_up { "running" } else { "stopped" };
    (
        status,
        Json(Health {
            database,
            email_worker,
        }),
    )
}

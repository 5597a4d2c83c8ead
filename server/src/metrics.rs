//! Prometheus metrics, on an address of their own (`METRICS_ADDR`, never the service's port):
//! requests by route and status with their durations, emails by status and the age of the
//! oldest queued one, GOV.UK Notify calls by outcome, and the database pool's connections in
//! use. Recorded with the `metrics` crate; rendered by `metrics-exporter-prometheus`.

use axum::Router;
use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::get;
use chrono::Utc;
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use sea_orm::{DatabaseConnection, DbBackend, DbErr};
use service::outbox::{EmailStatus, claims};
use std::sync::OnceLock;
use std::time::{Duration, Instant};
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

/// How often the outbox and pool gauges are brought up to date.
const GAUGES_EVERY: Duration = Duration::from_secs(15);

/// The process's recorder: installed once (tests run many servers in one process).
pub fn handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(
                metrics_exporter_prometheus::Matcher::Full(
                    "http_request_duration_seconds".to_owned(),
                ),
                &[
                    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
                ],
            )
            .expect("the bucket list is not empty")
            .build_recorder();
        let handle = recorder.handle();
        // Fails only if another recorder was installed first; then this one records nothing,
        // which the metrics test would show.
        let _ = metrics::set_global_recorder(recorder);
        handle
    })
}

/// Serves `/metrics` on `listener` until `stop`.
pub async fn serve(listener: TcpListener, stop: CancellationToken) {
    let router = Router::new().route("/metrics", get(|| async { handle().render() }));
    if let Err(err) = axum::serve(listener, router)
        .with_graceful_shutdown(async move { stop.cancelled().await })
        .await
    {
        tracing::error!(error = %err, "the metrics server stopped");
    }
}

/// Counts each request by its route (the pattern, not the path: `/users/{id}`), method and
/// status, and records how long it took. Every label has a fixed set of values, whatever a
/// client sends: a made-up path is `unmatched`, a made-up method `other`, so no request can
/// add a series.
pub async fn track_request(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|path| path.as_str().to_owned())
        .unwrap_or_else(|| "unmatched".to_owned());
    let method = method_label(request.method());
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics::counter!(
        "http_requests_total",
        "route" => route.clone(),
        "method" => method,
        "status" => status
    )
    .increment(1);
    metrics::histogram!("http_request_duration_seconds", "route" => route)
        .record(started.elapsed().as_secs_f64());
    response
}

/// The method as a label: one of HTTP's own, or `other`.
fn method_label(method: &axum::http::Method) -> &'static str {
    use axum::http::Method;
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        Method::CONNECT => "CONNECT",
        Method::TRACE => "TRACE",
        _ => "other",
    }
}

/// A GOV.UK Notify call's outcome.
pub fn notify_call(outcome: &'static str) {
    metrics::counter!("notify_calls_total", "outcome" => outcome).increment(1);
}

/// Keeps the outbox and pool gauges up to date until `stop`.
pub async fn watch(db: DatabaseConnection, stop: CancellationToken) {
    let mut every = tokio::time::interval(GAUGES_EVERY);
    loop {
        tokio::select! {
            () = stop.cancelled() => return,
            _ = every.tick() => {}
        }
        if let Err(err) = update_gauges(&db).await {
            tracing::warn!(error = %err, "could not read the outbox for the metrics");
        }
        handle().run_upkeep();
    }
}

/// Brings the gauges up to date now.
pub async fn update_gauges(db: &DatabaseConnection) -> Result<(), DbErr> {
    let gauges = claims::gauges(db).await?;
    for (status, count) in gauges.by_status {
        metrics::gauge!("emails", "status" => status_label(status)).set(count as f64);
    }
    let age = gauges.oldest_waiting.map_or(0.0, |at| {
        (Utc::now() - at).num_milliseconds() as f64 / 1000.0
    });
    metrics::gauge!("emails_oldest_queued_age_seconds").set(age.max(0.0));
    let (size, idle) = pool_size(db);
    metrics::gauge!("db_pool_connections_in_use").set(size.saturating_sub(idle) as f64);
    metrics::gauge!("db_pool_connections").set(size as f64);
    Ok(())
}

fn status_label(status: EmailStatus) -> &'static str {
    match status {
        EmailStatus::Queued => "queued",
        EmailStatus::Sending => "sending",
        EmailStatus::Sent => "sent",
        EmailStatus::Failed => "failed",
        EmailStatus::Delivered => "delivered",
        EmailStatus::NotDelivered => "not_delivered",
    }
}

/// The pool's open connections, and how many of them are idle.
fn pool_size(db: &DatabaseConnection) -> (u32, u32) {
    match db.get_database_backend() {
        DbBackend::Postgres => {
            let pool = db.get_postgres_connection_pool();
            (pool.size(), pool.num_idle() as u32)
        }
        _ => {
            let pool = db.get_sqlite_connection_pool();
            (pool.size(), pool.num_idle() as u32)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Method;

    #[test]
    fn a_made_up_method_is_other() {
        assert_eq!(method_label(&Method::GET), "GET");
        assert_eq!(method_label(&Method::POST), "POST");
        for made_up in ["XYZ123", "get", "PROPFIND", "BREW"] {
            let method = Method::from_bytes(made_up.as_bytes()).unwrap();
            assert_eq!(method_label(&method), "other", "{made_up}");
        }
    }
}

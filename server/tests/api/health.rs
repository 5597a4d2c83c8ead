use crate::helpers::spawn_app;

#[tokio::test]
async fn health_check_answers_ok_without_signing_in() {
    let app = spawn_app().await;
    let response = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(
        body,
        serde_json::json!({ "database": "ok", "email_worker": "running" })
    );
}

#[tokio::test]
async fn health_check_reports_a_database_that_does_not_answer() {
    let app = spawn_app().await;
    app.server_db.clone().close().await.unwrap();
    let response = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 503);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["database"], "unavailable");
}

#[tokio::test]
async fn the_suite_runs_on_the_backend_it_was_asked_for() {
    use sea_orm::DbBackend;
    let app = spawn_app().await;
    let expected = match crate::helpers::postgres_admin_url() {
        Some(_) => DbBackend::Postgres,
        None => DbBackend::Sqlite,
    };
    assert_eq!(app.server_db.get_database_backend(), expected);
    assert_eq!(app.db.get_database_backend(), expected);
}

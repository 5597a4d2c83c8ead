use crate::helpers::spawn_app;

#[tokio::test]
async fn health_check_answers_ok_without_signing_in() {
    let app = spawn_app().await;
    let response = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.text().await.unwrap(), "ok");
}

#[tokio::test]
async fn health_check_reports_a_database_that_does_not_answer() {
    let app = spawn_app().await;
    app.server_db.clone().close().await.unwrap();
    let response = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 503);
}

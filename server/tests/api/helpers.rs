use crate::notify_contract::{self, NotifyContract};
use chrono::Utc;
use domain::{DfeEmail, FirstName, LastName, UserFields};
use entity::users;
use reqwest::StatusCode;
use reqwest::header::{ACCEPT, LOCATION, REFERER};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter,
};
use server::config::NotifyApiKey;
use server::config::RetryPolicy;
use server::config::{DatabaseUrl, EmailSettings, Environment, NotifySettings, Settings};
use server::startup::Application;
use service::users::repo;
use std::sync::LazyLock;
use std::time::Duration;
use tempfile::TempDir;

pub struct TestApp {
    pub address: String,
    pub database_url: String,
    /// The test's connection to the server's database.
    pub db: DatabaseConnection,
    /// The server's own pool (to take the database away from it).
    pub server_db: DatabaseConnection,
    /// A browser: keeps cookies, does not follow redirects (tests look at them).
    pub client: reqwest::Client,
    /// The GOV.UK Notify this server sends to.
    pub notify: NotifyContract,
    /// Where the list's pages start, as the server knows them (`None` for a server process).
    pub page_index: Option<service::users::PageIndex>,
    /// Holds the database file while the test runs (`None` on a second handle).
    _dir: Option<TempDir>,
}

pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        // A request that stalls fails its test rather than hanging the suite.
        .timeout(std::time::Duration::from_secs(20))
        .build()
        .expect("client")
}

/// The backend under test: PostgreSQL when `TEST_POSTGRES_URL` names a server (an
/// administrator's URL, e.g. `postgres://postgres@127.0.0.1:5433/postgres`), else SQLite.
pub fn postgres_admin_url() -> Option<String> {
    std::env::var("TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())
}

/// A new, empty database for one test: a SQLite file in `dir`, or a database of its own on
/// the PostgreSQL server.
pub async fn fresh_database(dir: &TempDir) -> String {
    match postgres_admin_url() {
        None => format!("sqlite://{}/test.sqlite3?mode=rwc", dir.path().display()),
        Some(admin_url) => {
            let name = format!("rotp_test_{}", uuid::Uuid::new_v4().simple());
            let admin = sea_orm::Database::connect(&admin_url)
                .await
                .expect("PostgreSQL answers at TEST_POSTGRES_URL");
            admin
                .execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await
                .expect("create test database");
            admin.close().await.ok();
            let (base, _) = admin_url
                .rsplit_once('/')
                .expect("TEST_POSTGRES_URL ends with a database name");
            format!("{base}/{name}")
        }
    }
}

pub async fn spawn_app() -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let database_url = fresh_database(&dir).await;
    let notify = NotifyContract::start().await;
    let settings = test_settings(&dir, &database_url, &notify);
    spawn_app_in(dir, settings, notify).await
}

/// Another server instance on an existing database, sending to its own Notify.
pub async fn spawn_app_on(database_url: &str) -> TestApp {
    spawn_instance(database_url, &NotifyContract::start().await).await
}

/// Another server instance on an existing database, sending to `notify`.
pub async fn spawn_instance(database_url: &str, notify: &NotifyContract) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let settings = test_settings(&dir, database_url, notify);
    spawn_app_in(dir, settings, notify.clone()).await
}

/// A server with settings of the test's own.
pub async fn spawn_app_with(adjust: impl FnOnce(&mut Settings)) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let database_url = fresh_database(&dir).await;
    let notify = NotifyContract::start().await;
    let mut settings = test_settings(&dir, &database_url, &notify);
    adjust(&mut settings);
    spawn_app_in(dir, settings, notify).await
}

/// Development settings, with emails going to the Notify contract server and retried quickly.
pub fn test_settings(dir: &TempDir, database_url: &str, notify: &NotifyContract) -> Settings {
    Settings {
        environment: Environment::Development,
        database_url: DatabaseUrl::new(database_url),
        address: "127.0.0.1:0".parse().unwrap(),
        site_root: dir.path().display().to_string(),
        seed: false,
        service_url: Some("https://rotp.test".to_owned()),
        dfe_sign_in: None,
        pkg_hashes: Default::default(),
        metrics_address: "127.0.0.1:0".parse().unwrap(),
        trust_proxy_request_id: false,
        // Dormant accounts are looked for by the tests themselves, at a clock they set.
        dormancy: None,
        dormancy_check_every: Duration::from_secs(3600),
        retention: service::retention::RetentionRules::default(),
        notify_callback_token: None,
        email: EmailSettings {
            notify: Some(NotifySettings {
                base_url: notify.base_url.clone(),
                api_key: NotifyApiKey::parse(&notify_contract::api_key()).unwrap(),
                template_id: notify_contract::TEMPLATE_ID.to_owned(),
            }),
            poll_interval: Duration::from_millis(200),
            retry: RetryPolicy {
                base: Duration::from_millis(20),
                max: Duration::from_millis(200),
            },
            status_check_after: Duration::from_millis(100),
        },
    }
}

/// Every test's server runs on this one multi-thread runtime, as the real server runs on one.
/// (Each `#[tokio::test]` has a runtime of its own that ends with the test; Leptos's rendering
/// must not be split across runtimes that come and go.)
pub static SERVER_RUNTIME: LazyLock<tokio::runtime::Runtime> = LazyLock::new(|| {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("server runtime")
});

async fn spawn_app_in(dir: TempDir, settings: Settings, notify: NotifyContract) -> TestApp {
    server::telemetry::init(
        server::telemetry::LogFormat::Text,
        server::telemetry::LogTo::Stdout,
    );
    let database_url = settings.database_url.expose().to_owned();
    let (port, server_db, page_index) = SERVER_RUNTIME
        .spawn(async move {
            let app = Application::build(settings).await.expect("app builds");
            let started = (app.port(), app.db(), app.page_index());
            tokio::spawn(app.run_until_stopped());
            started
        })
        .await
        .expect("app starts");
    // The test's own connections, as another process would have: a pool belongs to the
    // runtime that uses it.
    let db = test_pool(&database_url).await;
    let address = format!("http://127.0.0.1:{port}");
    TestApp {
        address,
        database_url,
        db,
        server_db,
        client: browser(),
        notify,
        page_index: Some(page_index),
        _dir: Some(dir),
    }
}

impl Drop for TestApp {
    /// The server's pool goes when its test ends (the server itself runs on until the suite
    /// does): a suite whose every server kept its connections would use up PostgreSQL's.
    fn drop(&mut self) {
        if self._dir.is_some() {
            let server_db = self.server_db.clone();
            SERVER_RUNTIME.spawn(async move {
                let _ = server_db.close().await;
            });
        }
    }
}

/// A page as the browser got it.
pub struct Page {
    pub status: StatusCode,
    pub html: scraper::Html,
}

impl Page {
    pub fn select(&self, css: &str) -> Vec<String> {
        let selector = scraper::Selector::parse(css).expect("selector");
        self.html
            .select(&selector)
            .map(|e| {
                e.text()
                    .collect::<String>()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    pub fn one(&self, css: &str) -> String {
        let found = self.select(css);
        assert_eq!(found.len(), 1, "expected one {css}, found {found:?}");
        found.into_iter().next().unwrap()
    }

    pub fn attrs(&self, css: &str, attr: &str) -> Vec<String> {
        let selector = scraper::Selector::parse(css).expect("selector");
        self.html
            .select(&selector)
            .filter_map(|e| e.value().attr(attr).map(str::to_owned))
            .collect()
    }

    pub fn title(&self) -> String {
        self.one("head > title")
    }
}

impl TestApp {
    /// The one session row of `user_id`.
    pub async fn session_of(&self, user_id: i64) -> entity::sessions::Model {
        let mut rows = entity::sessions::Entity::find()
            .filter(entity::sessions::Column::UserId.eq(user_id))
            .all(&self.db)
            .await
            .unwrap();
        assert_eq!(rows.len(), 1, "one session of the user");
        rows.pop().unwrap()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// GET as a browser navigating to a page.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .header(ACCEPT, "text/html,application/xhtml+xml")
            .send()
            .await
            .expect("request")
    }

    pub async fn page(&self, path: &str) -> Page {
        let response = self.get(path).await;
        let status = response.status();
        let body = response.text().await.expect("body");
        Page {
            status,
            html: scraper::Html::parse_document(&body),
        }
    }

    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .header(ACCEPT, "text/html,application/xhtml+xml")
            .form(form)
            .send()
            .await
            .expect("request")
    }

    /// A form on page `from` posted to `action`, as a browser does it (with the Referer).
    pub async fn post_form_from(
        &self,
        from: &str,
        action: &str,
        form: &[(&str, &str)],
    ) -> reqwest::Response {
        self.client
            .post(self.url(action))
            .header(ACCEPT, "text/html,application/xhtml+xml")
            .header(REFERER, self.url(from))
            .form(form)
            .send()
            .await
            .expect("request")
    }

    /// The built site the server serves (empty until a test puts files there).
    pub fn site_root(&self) -> &std::path::Path {
        self._dir.as_ref().expect("the first handle").path()
    }

    /// The same server and database, to be given another browser.
    pub fn clone_handle(&self) -> TestApp {
        TestApp {
            address: self.address.clone(),
            database_url: self.database_url.clone(),
            db: self.db.clone(),
            server_db: self.server_db.clone(),
            client: self.client.clone(),
            notify: self.notify.clone(),
            page_index: self.page_index.clone(),
            _dir: None,
        }
    }

    pub async fn add_user(&self, first: &str, last: &str, email: &str) -> users::Model {
        let new = UserFields {
            first_name: FirstName::parse(first).unwrap(),
            last_name: LastName::parse(last).unwrap(),
            email: DfeEmail::parse(email).unwrap(),
        };
        repo::insert(&self.db, new, None)
            .await
            .expect("insert user")
    }

    /// Adds a user and signs in as them with development sign-in.
    pub async fn signed_in_user(&self) -> users::Model {
        let me = self
            .add_user("Anne", "Wilson", "anne.wilson@education.gov.uk")
            .await;
        let response = self.sign_in_as(me.id).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        me
    }

    pub async fn sign_in_as(&self, user_id: i64) -> reqwest::Response {
        self.post_form("/sign-in/developer", &[("user_id", &user_id.to_string())])
            .await
    }

    /// The user's row as it is now, deleted or not.
    pub async fn user_row(&self, id: i64) -> users::Model {
        users::Entity::find_by_id(id)
            .one(&self.db)
            .await
            .unwrap()
            .unwrap()
    }

    pub async fn mark_deleted(&self, user_id: i64) {
        let user = users::Entity::find_by_id(user_id)
            .one(&self.db)
            .await
            .unwrap()
            .unwrap();
        let mut user: users::ActiveModel = user.into();
        user.deleted_at = Set(Some(Utc::now()));
        user.update(&self.db).await.unwrap();
    }

    /// Records that the user last signed in at `at`.
    pub async fn set_last_signed_in(&self, user_id: i64, at: chrono::DateTime<Utc>) {
        let user = users::Entity::find_by_id(user_id)
            .one(&self.db)
            .await
            .unwrap()
            .unwrap();
        let mut user: users::ActiveModel = user.into();
        user.last_signed_in_at = Set(Some(at));
        user.update(&self.db).await.unwrap();
    }

    /// Waits until the server knows where every page of the list starts (it works them out
    /// in the background once a deep page is asked for).
    pub async fn wait_for_page_starts(&self) {
        let index = self.page_index.as_ref().expect("an in-process server");
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        while !index.is_built().await {
            assert!(
                tokio::time::Instant::now() < deadline,
                "the page starts are worked out"
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    pub async fn mark_signed_in_before(&self, user_id: i64) {
        self.set_last_signed_in(user_id, Utc::now()).await;
    }
}

/// The emails' context of the tests' servers, for calling the service directly.
pub fn email_context() -> service::outbox::EmailContext {
    service::outbox::EmailContext {
        service_url: "https://rotp.test".into(),
        environment_label: None,
    }
}

/// Today's date as the pages word it (UK time): "1 December 2026".
pub fn uk_date_today() -> String {
    app::ssr::time_format::uk_date(Utc::now())
}

/// The `name=value` of the session cookie a response sets (development's name).
pub fn session_cookie(response: &reqwest::Response) -> String {
    response
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|c| c.to_str().ok())
        .find(|c| c.starts_with("rotp_session="))
        .and_then(|c| c.split(';').next())
        .expect("the response sets the session cookie")
        .to_owned()
}

pub fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get(LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// The test's own connections to a server's database: few, since every test's server keeps
/// its own pool open until the suite ends (a PostgreSQL server has only so many).
pub async fn test_pool(database_url: &str) -> DatabaseConnection {
    let mut options = sea_orm::ConnectOptions::new(database_url);
    options
        .max_connections(3)
        .min_connections(0)
        .idle_timeout(Duration::from_secs(5))
        .sqlx_logging(false)
        // As the server's: what a test overwrites is not left in the file's free space.
        .map_sqlx_sqlite_opts(|o| o.pragma("secure_delete", "ON"));
    sea_orm::Database::connect(options)
        .await
        .expect("test connects")
}

/// The real server binary, run as a process of its own, as production runs it.
pub struct ServerProcess {
    child: std::process::Child,
    pub address: String,
    _site: TempDir,
}

impl ServerProcess {
    /// Starts the server on `database_url`, sending email to `notify`, and waits until it
    /// answers its health check.
    pub async fn start(database_url: &str, notify: &NotifyContract) -> ServerProcess {
        Self::start_with(database_url, notify, &[], None).await
    }

    /// As [`ServerProcess::start`], with more settings, and what it logs (on standard output) written to `log`.
    pub async fn start_with(
        database_url: &str,
        notify: &NotifyContract,
        settings: &[(&str, &str)],
        log: Option<std::fs::File>,
    ) -> ServerProcess {
        let site = tempfile::tempdir().expect("temp dir");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_server"));
        command
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("RUST_LOG", "warn")
            .env("NO_COLOR", "1")
            .env("APP_ENV", "development")
            .env("DATABASE_URL", database_url)
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env("LEPTOS_SITE_ROOT", site.path())
            .env("SEED_DEVELOPMENT_DATA", "false")
            .env("SERVICE_URL", "https://rotp.test")
            .env("NOTIFY_BASE_URL", &notify.base_url)
            .env("NOTIFY_API_KEY", notify_contract::api_key())
            .env("NOTIFY_TEMPLATE_ID", notify_contract::TEMPLATE_ID)
            .env("EMAIL_POLL_INTERVAL_SECONDS", "1")
            .env("EMAIL_RETRY_BASE_MILLISECONDS", "50")
            .env("METRICS_ADDR", "127.0.0.1:0")
            .envs(settings.iter().copied());
        if let Some(log) = log {
            command.stdout(log);
        }
        let child = command.spawn().expect("server starts");
        let process = ServerProcess {
            child,
            address: format!("http://127.0.0.1:{port}"),
            _site: site,
        };
        let health = format!("{}/healthz", process.address);
        let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(response) = reqwest::get(&health).await
                && response.status() == StatusCode::OK
            {
                return process;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "the server process did not become healthy"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// A handle for driving this process as a browser would, with `client`'s cookies.
    pub async fn app(
        &self,
        database_url: &str,
        notify: &NotifyContract,
        client: reqwest::Client,
    ) -> TestApp {
        let db = test_pool(database_url).await;
        TestApp {
            address: self.address.clone(),
            database_url: database_url.to_owned(),
            server_db: db.clone(),
            db,
            client,
            notify: notify.clone(),
            page_index: None,
            _dir: None,
        }
    }

    /// Sends SIGTERM, as a container platform does to stop an instance.
    pub fn terminate(&self) {
        let status = std::process::Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success());
    }

    /// `kill -9`: the process dies at once, mid-request, mid-transaction.
    pub fn kill_9(&mut self) {
        self.child.kill().expect("SIGKILL");
        self.child.wait().expect("the killed process is reaped");
    }

    /// Waits up to `limit` for the process to exit; its exit status.
    pub async fn exited_within(&mut self, limit: Duration) -> Option<std::process::ExitStatus> {
        let deadline = tokio::time::Instant::now() + limit;
        while tokio::time::Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().expect("process status") {
                return Some(status);
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        None
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

//! Bad input is never a server error (issue 28, item 7): every route the router has, asked by
//! a signed-in support user (who reaches the most), with arbitrary bytes in its path's id, in
//! query parameters and in form fields (the real fields' names among made-up ones). Every
//! answer is 2xx, 3xx or 4xx, on both databases.

use crate::helpers::spawn_app;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};
use reqwest::Method;
use reqwest::header::{ACCEPT, CONTENT_TYPE};

/// Every field name a form or query of ours reads, and a few no one does.
const NAMES: &[&str] = &[
    "q",
    "show",
    "page",
    "change",
    "id",
    "user_id",
    "draft_id",
    "lock_version",
    "first_name",
    "last_name",
    "email",
    "active",
    "confirm",
    "return_to",
    "x",
    "",
];

/// Each byte percent-encoded: any byte at all reaches the server, as a browser or script could
/// send it.
fn encoded(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("%{b:02X}")).collect()
}

/// Values: arbitrary bytes, text with control characters and other scripts, numbers at and
/// beyond their types' ends.
fn value() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..40),
        "\\PC{0,20}".prop_map(String::into_bytes),
        "[\\x00-\\x1f\\x7f]{1,5}".prop_map(String::into_bytes),
        prop::sample::select(vec![
            "0",
            "-1",
            "1",
            "2147483648",
            "9223372036854775807",
            "99999999999999999999",
            "1e9",
            "yes",
            "no",
            "all",
            "never",
            "inactive",
            "stale",
            "%",
            "'",
            "\"",
            "\\",
            "+",
            "\0",
            "ada\0",
            "\u{7f}",
            "\u{202e}",
            "\u{feff}",
        ])
        .prop_map(|s| s.as_bytes().to_vec()),
    ]
}

fn pairs() -> impl Strategy<Value = Vec<(String, Vec<u8>)>> {
    prop::collection::vec(
        (
            prop::sample::select(NAMES.to_vec()).prop_map(str::to_owned),
            value(),
        ),
        0..6,
    )
}

/// Arbitrary pairs, encoded as a query string or form body is.
fn form(runner: &mut TestRunner) -> String {
    let pairs = pairs().new_tree(runner).unwrap().current();
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", encoded(v)))
        .collect::<Vec<_>>()
        .join("&")
}

#[tokio::test]
async fn no_input_to_any_route_is_a_server_error() {
    let app = spawn_app().await;
    let me = app.signed_in_user().await;
    app.add_user("Keep", "One", "keep.one@education.gov.uk")
        .await;
    let ben = app
        .add_user("Ben", "Carter", "ben.carter@education.gov.uk")
        .await;
    let routes = server::routes::route_inventory();
    // Deterministic: the same cases each run, so a failure can be run again.
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        proptest::test_runner::TestRng::deterministic_rng(
            proptest::test_runner::RngAlgorithm::ChaCha,
        ),
    );
    let ids = prop_oneof![
        Just(ben.id.to_string().into_bytes()),
        Just(me.id.to_string().into_bytes()),
        value(),
    ];
    let mut failures = Vec::new();
    for round in 0..40 {
        for (method, pattern) in &routes {
            if pattern.contains("sign-out") {
                // Signing out (here or everywhere) would end this test's session, and with it
                // the reach of every request after it.
                continue;
            }
            let id = ids.new_tree(&mut runner).unwrap().current();
            let kind = value().new_tree(&mut runner).unwrap().current();
            let path = pattern
                .replace("{id}", &encoded(&id))
                .replace("{kind}", &encoded(&kind));
            let query = form(&mut runner);
            let body = form(&mut runner);
            let url = format!("{}?{query}", app.url(&path));
            let accept = if round % 2 == 0 {
                "text/html"
            } else {
                "application/json"
            };
            let mut request = app
                .client
                .request(method.clone(), &url)
                .header(ACCEPT, accept);
            if *method != Method::GET {
                request = request
                    .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .header("origin", app.url(""))
                    .body(body.clone());
            }
            let status = request.send().await.expect("an answer").status();
            if status.is_server_error() {
                failures.push(format!("{method} {url} [{body}]: {status}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "server errors:\n{}",
        failures.join("\n")
    );
}

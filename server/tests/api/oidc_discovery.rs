//! DfE Sign-in's discovery, as a provider serves it: a real HTTP server on a random local port
//! answering `/.well-known/openid-configuration` and an (empty) key set. Enough for the service
//! to start a sign-in and send the person to the provider; the whole round trip, with a real
//! provider, is in the browser tests (`end2end/oidc/provider.mjs`).

use axum::Json;
use axum::routing::get;
use serde_json::json;

pub struct OidcDiscovery {
    pub issuer: String,
}

impl OidcDiscovery {
    pub async fn start() -> OidcDiscovery {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a local port");
        let issuer = format!("http://{}", listener.local_addr().unwrap());
        let metadata = json!({
            "issuer": issuer,
            "authorization_endpoint": format!("{issuer}/auth"),
            "token_endpoint": format!("{issuer}/token"),
            "jwks_uri": format!("{issuer}/jwks"),
            "end_session_endpoint": format!("{issuer}/session/end"),
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
        });
        let router = axum::Router::new()
            .route(
                "/.well-known/openid-configuration",
                get(move || {
                    let metadata = metadata.clone();
                    async move { Json(metadata) }
                }),
            )
            .route("/jwks", get(|| async { Json(json!({ "keys": [] })) }));
        crate::helpers::SERVER_RUNTIME.spawn(async move {
            axum::serve(listener, router).await.ok();
        });
        OidcDiscovery { issuer }
    }
}

//! DfE Sign-in's stand-in, as a provider serves it over real HTTP on a random local port:
//! discovery (`/.well-known/openid-configuration`, with an end-session endpoint), its key set,
//! and a token endpoint that answers a code exchange with an ID token the test chose (good,
//! expired, for another audience or issuer, with another nonce) or with an error, signed with
//! `openidconnect`'s own signing. The service's client checks what it gets as it would DfE
//! Sign-in's. The whole round trip through a provider's own pages, with a browser, is in the
//! browser tests (`end2end/oidc/provider.mjs`).

use axum::Json;
use axum::routing::{get, post};
use chrono::{Duration, Utc};
use openidconnect::core::{
    CoreIdToken, CoreIdTokenClaims, CoreJwsSigningAlgorithm, CoreRsaPrivateSigningKey,
};
use openidconnect::{
    Audience, EmptyAdditionalClaims, EndUserEmail, IssuerUrl, JsonWebKeyId, Nonce,
    PrivateSigningKey, StandardClaims, SubjectIdentifier,
};
use serde_json::json;
use std::sync::{Arc, Mutex};

/// A key for these tests only (RSA 2048, PKCS#1), made with `openssl genrsa -traditional`.
const TEST_SIGNING_KEY: &str = "
-----BEGIN RSA PRIVATE KEY-----
MIIEpAIBAAKCAQEAsWnCOX0QjANYm5c3uEyyDigA09OePR5zrc2kQD6Ytcp0MRo2
0KXQ/KNJYT3+yCW/WWpkKlDvrOYUJQp/mStzZhyW4Z2eAT+1N8QrIms9dcRlqv0B
+J8vUqhedY99sMpr9n4Gx1wQ5sYgKQwbSfZwOYWezm5iah6DdhAZo+b3zpNPF+Lu
LTBWmzH7KHP0XRd6qW7QMPOwXVO7xWANPWuaCHuldsVyN2kAwnGEScQ9NWgj8Klh
c2zNew+Ys+LaVnDoziWPUhAaiVQk1VEkwFO8dgLAf3KSbpfz6qUt7FHuzlAtDt29
JS/B3TnwuK7Drb/WNJiLx0XUFhoWXNgdA6+StQIDAQABAoIBADZ8M2DybsWBNZI7
I6qfK0O7t11WrU857e7fq+TrFH0oGv0FfvYfJoqgHyYVIw0WwqhUS0TPrHveASvL
CJrixEME3rWVcXQSu7XPsiuU4cAsO8kCgLt5L9Bj0vapxcEouXVvCOfq92nYSQIy
LKNPYvHXfokJT4IlstvsX+N9SHeRNPOC9CeTuSz0JuNrDbaUbEtseLacG/t3vXnQ
sXK6JXQ8/mQr9hbj9ba7yH8ttxZuiO4vTm6koiotJ+FoOachxL7fDhIOge8HMv9/
XSgFY+6xmjXc2H41wdLQdORnSEQxzUWzxVc5ygnH9+dK2D1gyPuxXljdPeY7jC4s
jOLvTvUCgYEA4FUlHPxZpdofCJVq6tOribtFmhlnSUEMZNBGTCTZHUc3OS/QtglF
vT8IGApYgQmEpBcBe1YTvHwPBUPm41Gpk7p681lnt7oZbv87KiwTlPXTWk0vVYK1
0Uzk+XBQUhUWTKiIIe4dQgXhMR4uaZ/wKANylMotAC++8pTd7zvUNtMCgYEAynUN
uT8V8kMpg3Ou4bRvtSbhByTubCCRjp9YayjVIkCyEUTaU54HOQye3bquI4arrszr
v4Zu8ieFisS7LCEwI+8tcKXv7olCV2zeJVLUIWT4zznRMVvivs0WlcaNLz43rtOU
T8PCD0GKGmPc3V1OX0NYVRunYAwJlCv99KcGq1cCgYAOM7W+yQcP5egzDeqP5Uil
1pJIeDU+wPx84Wah6W9JWDnZx/opnBqrKXNkujryKF0aWk6AtWlYdG4rAip616+p
p5OjFlTnn8N+cHAZcmLm+k0gGWTWwAissHaKiB69o5Ie1kiQBVga1u5zwppjm3mD
vvwhCU+iBGPNTbljLOF5ewKBgQCv8hgyJIQzHXEnf1K9bi0ilp47sjnOGGPHOe4C
euL3OJhH77l5r72BM9mgwsrxrujnKcm7kd47bmNdHOm5SUJoCEVKP7uLZxgTmFZa
w2f9eZ3NoeaOadddkCiPk5VBOGX19oRO6cZtsbyOgLkCXENvALz0gersyqlMbwru
InXmUwKBgQDagoa8WVUA0dVto+N7A6IaXIPQ6lLWNRZnin7oZV7mMxDlcee0Iq9+
Barr//S+ZgGQgBqGXf/cNjjvFVrto3PKepvMgLYhuVgkJ43iCKDQgImjt1QSVdnJ
LlFmDQvqpJhKTp4eZIQ6AGLzMkBPRdxdOzZUcOEtZoE+NoRLZ6JZMg==
-----END RSA PRIVATE KEY-----
";

/// What the next code exchange answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NextToken {
    /// A good ID token for this subject and address, with the nonce of the sign-in.
    Good { sub: String, email: String },
    /// Expired an hour ago.
    Expired,
    /// For another client.
    ForAnotherAudience,
    /// From another issuer.
    FromAnotherIssuer,
    /// With a nonce that is not the sign-in's.
    WithAnotherNonce,
    /// The token endpoint fails (500).
    EndpointFails,
}

#[derive(Clone)]
pub struct OidcProvider {
    pub issuer: String,
    next: Arc<Mutex<(NextToken, String)>>,
}

impl OidcProvider {
    pub const CLIENT_ID: &'static str = "rotp";

    pub async fn start() -> OidcProvider {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a local port");
        let issuer = format!("http://{}", listener.local_addr().unwrap());
        let provider = OidcProvider {
            issuer: issuer.clone(),
            next: Arc::new(Mutex::new((NextToken::EndpointFails, String::new()))),
        };
        let key = signing_key();
        let jwks = json!({ "keys": [key.as_verification_key()] });
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
        let answer = provider.clone();
        let router = axum::Router::new()
            .route(
                "/.well-known/openid-configuration",
                get(move || {
                    let metadata = metadata.clone();
                    async move { Json(metadata) }
                }),
            )
            .route(
                "/jwks",
                get(move || {
                    let jwks = jwks.clone();
                    async move { Json(jwks) }
                }),
            )
            .route("/token", post(move || answer.clone().token()));
        crate::helpers::SERVER_RUNTIME.spawn(async move {
            axum::serve(listener, router).await.ok();
        });
        provider
    }

    /// The next code exchange answers `token`, for the sign-in whose nonce is `nonce`.
    pub fn answer_next(&self, token: NextToken, nonce: &str) {
        *self.next.lock().unwrap() = (token, nonce.to_owned());
    }

    async fn token(self) -> axum::response::Response {
        use axum::response::IntoResponse;
        let (next, nonce) = self.next.lock().unwrap().clone();
        let now = Utc::now();
        let (sub, email, issuer, audience, expires, nonce) = match next {
            NextToken::EndpointFails => {
                return (
                    axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                    Json(json!({ "error": "server_error" })),
                )
                    .into_response();
            }
            NextToken::Good { sub, email } => (
                sub,
                email,
                self.issuer.clone(),
                Self::CLIENT_ID.to_owned(),
                now + Duration::minutes(5),
                nonce,
            ),
            other => (
                "dsi-someone".to_owned(),
                "someone@education.gov.uk".to_owned(),
                if other == NextToken::FromAnotherIssuer {
                    "https://not-dfe-sign-in.example".to_owned()
                } else {
                    self.issuer.clone()
                },
                if other == NextToken::ForAnotherAudience {
                    "another-service".to_owned()
                } else {
                    Self::CLIENT_ID.to_owned()
                },
                if other == NextToken::Expired {
                    now - Duration::hours(1)
                } else {
                    now + Duration::minutes(5)
                },
                if other == NextToken::WithAnotherNonce {
                    "someone-elses-nonce".to_owned()
                } else {
                    nonce
                },
            ),
        };
        let claims = CoreIdTokenClaims::new(
            IssuerUrl::new(issuer).unwrap(),
            vec![Audience::new(audience)],
            expires,
            expires - Duration::minutes(5),
            StandardClaims::new(SubjectIdentifier::new(sub))
                .set_email(Some(EndUserEmail::new(email))),
            EmptyAdditionalClaims {},
        )
        .set_nonce(Some(Nonce::new(nonce)));
        let id_token = CoreIdToken::new(
            claims,
            &signing_key(),
            CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
            None,
            None,
        )
        .unwrap();
        Json(json!({
            "access_token": "an-access-token",
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": id_token.to_string(),
        }))
        .into_response()
    }
}

fn signing_key() -> CoreRsaPrivateSigningKey {
    CoreRsaPrivateSigningKey::from_pem(
        TEST_SIGNING_KEY.trim(),
        Some(JsonWebKeyId::new("test-key".to_owned())),
    )
    .expect("the test key")
}

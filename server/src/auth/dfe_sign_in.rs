//! Signing in with DfE Sign-in: OpenID Connect's authorization code flow with PKCE, through
//! the maintained `openidconnect` crate. `GET /auth/dfe/sign-in` sends the person to DfE
//! Sign-in; `GET /auth/dfe/callback` takes them back, checks `state` (against the session),
//! exchanges the code (with the PKCE verifier), verifies the ID token (signature, issuer,
//! audience, expiry, and our `nonce`), then matches them to a support user.
//!
//! The provider is discovered on first use and remembered, so the service starts (and serves
//! signed-in people) even while DfE Sign-in is unreachable.

use super::session_start;
use crate::config::DfeSignInSettings;
use crate::startup::AppState;
use app::ssr::dfe_sign_in::{self, DfeIdentity, NoAccess};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreIdToken};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndSessionUrl, EndpointMaybeSet,
    EndpointNotSet, EndpointSet, IssuerUrl, LogoutRequest, Nonce, PkceCodeChallenge,
    PkceCodeVerifier, PostLogoutRedirectUrl, ProviderMetadataWithLogout, RedirectUrl, Scope,
    TokenResponse,
};
use serde::{Deserialize, Serialize};
use tokio::sync::OnceCell;
use tower_sessions::Session;

/// The session key of a sign-in under way: removed at the callback, so a replay finds none.
const PENDING: &str = "dfe_sign_in_pending";
/// The session key of the ID token, for signing out at DfE Sign-in too.
const ID_TOKEN: &str = "dfe_id_token";

type DiscoveredClient = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

struct Provider {
    client: DiscoveredClient,
    end_session: Option<EndSessionUrl>,
}

pub struct DfeSignIn {
    settings: DfeSignInSettings,
    http: openidconnect::reqwest::Client,
    provider: OnceCell<Provider>,
}

#[derive(Debug, thiserror::Error)]
pub enum DfeSignInError {
    #[error("could not set up the HTTP client: {0}")]
    Http(#[from] openidconnect::reqwest::Error),
    #[error("a DfE Sign-in setting is not a valid URL: {0}")]
    Url(#[from] openidconnect::url::ParseError),
    #[error("could not discover the provider: {0}")]
    Discovery(String),
}

#[derive(Serialize, Deserialize)]
struct Pending {
    state: String,
    nonce: String,
    pkce_verifier: String,
}

#[derive(Debug, Deserialize)]
pub struct Callback {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

impl DfeSignIn {
    pub fn new(settings: DfeSignInSettings) -> Result<Self, DfeSignInError> {
        // The token exchange must never follow a redirect (the code would go with it).
        let http = openidconnect::reqwest::ClientBuilder::new()
            .redirect(openidconnect::reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(15))
            .build()?;
        // Check the addresses now, so a typo stops the server at start.
        IssuerUrl::new(settings.issuer.clone())?;
        RedirectUrl::new(settings.redirect_url.clone())?;
        Ok(Self {
            settings,
            http,
            provider: OnceCell::new(),
        })
    }

    /// The issuer's origin: sign-out's form may be redirected there (the CSP allows it).
    pub fn issuer_origin(&self) -> Option<String> {
        let url = openidconnect::url::Url::parse(&self.settings.issuer).ok()?;
        Some(url.origin().ascii_serialization())
    }

    async fn provider(&self) -> Result<&Provider, DfeSignInError> {
        self.provider
            .get_or_try_init(|| async {
                let issuer = IssuerUrl::new(self.settings.issuer.clone())?;
                let metadata = ProviderMetadataWithLogout::discover_async(issuer, &self.http)
                    .await
                    .map_err(|err| DfeSignInError::Discovery(err.to_string()))?;
                let end_session = metadata.additional_metadata().end_session_endpoint.clone();
                let client = CoreClient::from_provider_metadata(
                    metadata,
                    ClientId::new(self.settings.client_id.clone()),
                    Some(ClientSecret::new(self.settings.client_secret.clone())),
                )
                .set_redirect_uri(RedirectUrl::new(self.settings.redirect_url.clone())?);
                Ok(Provider {
                    client,
                    end_session,
                })
            })
            .await
    }

    /// Where to send a person signing out, to end their DfE Sign-in session too (then back to
    /// our sign-in page); `None` when the provider has no end-session endpoint.
    pub async fn end_session_url(&self, id_token: Option<String>) -> Option<String> {
        let provider = self.provider().await.ok()?;
        let endpoint = provider.end_session.clone()?;
        let back = openidconnect::url::Url::parse(&self.settings.redirect_url)
            .ok()?
            .join("/sign-in")
            .ok()?;
        let mut request = LogoutRequest::from(endpoint)
            .set_client_id(ClientId::new(self.settings.client_id.clone()))
            .set_post_logout_redirect_uri(PostLogoutRedirectUrl::from_url(back));
        if let Some(token) = id_token.and_then(|t| t.parse::<CoreIdToken>().ok()) {
            request = request.set_id_token_hint(&token);
        }
        Some(request.http_get_url().to_string())
    }
}

/// `GET /auth/dfe/sign-in`: off to DfE Sign-in, with a fresh state, nonce and PKCE challenge
/// kept in the session.
pub async fn start(State(state): State<AppState>, session: Session) -> Response {
    let Some(dfe) = state.dfe_sign_in.as_deref() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let provider = match dfe.provider().await {
        Ok(provider) => provider,
        Err(err) => {
            tracing::error!(error = %err, "DfE Sign-in is unavailable");
            return Redirect::to("/problem/sign-in-failed").into_response();
        }
    };
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, csrf, nonce) = provider
        .client
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .add_scope(Scope::new("email".into()))
        .add_scope(Scope::new("profile".into()))
        .set_pkce_challenge(challenge)
        .url();
    let pending = Pending {
        state: csrf.secret().clone(),
        nonce: nonce.secret().clone(),
        pkce_verifier: verifier.secret().clone(),
    };
    if let Err(err) = session.insert(PENDING, pending).await {
        tracing::error!(error = %err, "could not keep the sign-in in the session");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    Redirect::to(url.as_str()).into_response()
}

/// `GET /auth/dfe/callback`: back from DfE Sign-in.
pub async fn callback(
    State(state): State<AppState>,
    session: Session,
    Query(callback): Query<Callback>,
) -> Response {
    let Some(dfe) = state.dfe_sign_in.as_deref() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    // Taken out of the session whatever happens next: each sign-in's callback works once.
    let pending: Option<Pending> = session.remove(PENDING).await.unwrap_or(None);
    let identity = match verify(dfe, pending, callback).await {
        Ok(identity) => identity,
        Err(reason) => {
            tracing::warn!(%reason, "DfE Sign-in callback refused");
            return Redirect::to("/problem/sign-in-failed").into_response();
        }
    };
    match dfe_sign_in::sign_in(&state.db, &identity.0).await {
        Ok(Ok(user)) => match session_start::sign_in(&state, &session, user.id).await {
            Ok(destination) => {
                if let Err(err) = session.insert(ID_TOKEN, identity.1).await {
                    tracing::warn!(error = %err, "could not keep the ID token for sign-out");
                }
                tracing::info!(user_id = user.id, "signed in with DfE Sign-in");
                Redirect::to(&destination).into_response()
            }
            Err(err) => {
                tracing::error!(error = %err, "could not start the session");
                StatusCode::INTERNAL_SERVER_ERROR.into_response()
            }
        },
        Ok(Err(reason)) => {
            tracing::info!(
                ?reason,
                linked_elsewhere = reason == NoAccess::LinkedToAnotherAccount,
                "DfE Sign-in account without access"
            );
            Redirect::to("/problem/no-access").into_response()
        }
        Err(err) => {
            tracing::error!(error = %err, "sign-in: database error");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// The checks of the callback; the identity and the raw ID token, or why not.
async fn verify(
    dfe: &DfeSignIn,
    pending: Option<Pending>,
    callback: Callback,
) -> Result<(DfeIdentity, String), String> {
    let pending = pending.ok_or("no sign-in under way in this session (replayed or stale)")?;
    if callback.state.as_deref() != Some(pending.state.as_str()) {
        return Err("state does not match".into());
    }
    if let Some(error) = callback.error {
        return Err(format!("the provider answered {error}"));
    }
    let code = callback.code.ok_or("no code")?;
    let provider = dfe.provider().await.map_err(|e| e.to_string())?;
    let tokens = provider
        .client
        .exchange_code(AuthorizationCode::new(code))
        .map_err(|e| e.to_string())?
        .set_pkce_verifier(PkceCodeVerifier::new(pending.pkce_verifier))
        .request_async(&dfe.http)
        .await
        .map_err(|e| format!("code exchange: {e}"))?;
    let id_token = tokens.id_token().ok_or("no ID token")?;
    let claims = id_token
        .claims(
            &provider.client.id_token_verifier(),
            &Nonce::new(pending.nonce),
        )
        .map_err(|e| format!("ID token: {e}"))?;
    let identity = DfeIdentity {
        uid: claims.subject().to_string(),
        email: claims.email().map(|e| e.to_string()),
        first_name: claims
            .given_name()
            .and_then(|n| n.get(None))
            .map(|n| n.to_string()),
        last_name: claims
            .family_name()
            .and_then(|n| n.get(None))
            .map(|n| n.to_string()),
    };
    Ok((identity, id_token.to_string()))
}

/// The ID token this session signed in with, if it signed in with DfE Sign-in.
pub async fn id_token(session: &Session) -> Option<String> {
    session.get::<String>(ID_TOKEN).await.ok().flatten()
}

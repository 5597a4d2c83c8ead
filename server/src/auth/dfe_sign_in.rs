//! Signing in with DfE Sign-in: OpenID Connect's authorization code flow with PKCE, through
//! the maintained `openidconnect` crate. `GET /auth/dfe/sign-in` sends the person to DfE
//! Sign-in; `GET /auth/dfe/callback` takes them back, checks `state` (against the sign-in under
//! way, kept encrypted in a short-lived cookie of its own, so an anonymous visitor writes no
//! session row, however many come),
//! exchanges the code (with the PKCE verifier), verifies the ID token (signature, issuer,
//! audience, expiry, and our `nonce`), then matches them to a support user.
//!
//! The provider is discovered on first use, so the service starts (and serves signed-in
//! people) even while DfE Sign-in is unreachable; a failed discovery is tried again by the
//! next sign-in, but not within [`DISCOVERY_RETRY_AFTER`] of a failure, so an outage of DfE
//! Sign-in is not hammered. DfE Sign-in rotates its signing keys: an ID token whose
//! signature does not verify with the keys we hold (a key we have not seen, or a key that
//! changed) makes us fetch discovery and the keys again, at most once a minute, and verify
//! once more.

use super::AuthState;
use super::{return_to, session_start};
use crate::config::DfeSignInSettings;
use app::error::AppError;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use domain::paths;
use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreIdToken, CoreIdTokenClaims};
use openidconnect::{
    AuthorizationCode, ClaimsVerificationError, ClientId, ClientSecret, CsrfToken, EndSessionUrl,
    EndpointMaybeSet, EndpointNotSet, EndpointSet, IssuerUrl, LogoutRequest, Nonce,
    PkceCodeChallenge, PkceCodeVerifier, PostLogoutRedirectUrl, ProviderMetadataWithLogout,
    RedirectUrl, Scope, TokenResponse,
};
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};
use service::users::sign_in::{self, DfeIdentity, NoAccess};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{Mutex, RwLock};
use tower_sessions::Session;

/// The soonest discovery and the signing keys are fetched again after the last time a token
/// made us do it: a provider's rotation is picked up at once, and a stream of bad tokens cannot
/// turn into a stream of requests to DfE Sign-in.
pub const REFRESH_AT_MOST_EVERY: Duration = Duration::from_secs(60);

/// After a failed discovery, sign-ins fail at once for this long rather than ask again.
pub const DISCOVERY_RETRY_AFTER: Duration = Duration::from_secs(5);
/// How long a sign-in may take at DfE Sign-in before its cookie is gone.
const PENDING_FOR_MINUTES: i64 = 15;
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
    /// The provider as last discovered; `None` until a discovery succeeds.
    provider: RwLock<Option<Arc<Provider>>>,
    /// When a token last made us fetch discovery and the keys again.
    last_refresh: Mutex<Option<Instant>>,
    /// When discovery last failed (while none has succeeded).
    failed_discovery: std::sync::Mutex<Option<Instant>>,
    /// Encrypts the sign-in under way into its cookie. Derived from the client secret, which
    /// every instance has, so any instance can take the callback.
    pending_key: cookie::Key,
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
    /// Where to go once signed in. (Absent in a sign-in started before this was kept.)
    #[serde(default)]
    return_to: Option<String>,
    /// Whether this sign-in is the one started again after DfE Sign-in's own session expired:
    /// it is started again once, never in a loop.
    #[serde(default)]
    again: bool,
}

/// `GET /auth/dfe/sign-in?again`: a sign-in started again (see [`Pending::again`]).
#[derive(Debug, Deserialize)]
pub struct Start {
    again: Option<String>,
}

/// DfE Sign-in's answer when its own session ran out while the person was signing in: not a
/// failure, so sign-in starts again.
const SESSION_EXPIRED: &str = "sessionexpired";

/// Why a callback was refused. Its `Display` never holds what the visitor sent: that is logged
/// as a field of its own, escaped.
#[derive(Debug, thiserror::Error)]
enum Refused {
    #[error("no sign-in under way in this session (replayed or stale)")]
    NotUnderWay,
    #[error("state does not match")]
    StateMismatch,
    #[error("the provider answered with an error")]
    ProviderError { error: String },
    #[error("no code")]
    NoCode,
    #[error("{0}")]
    Unavailable(#[from] DfeSignInError),
    #[error("code exchange: {0}")]
    Exchange(String),
    #[error("no ID token")]
    NoIdToken,
    #[error("ID token: {0}")]
    IdToken(String),
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
        let pending_key = {
            use sha2::Digest;
            let mut master = sha2::Sha512::new();
            master.update(b"rotp: a DfE Sign-in under way\0");
            master.update(settings.client_secret.expose_secret().as_bytes());
            cookie::Key::derive_from(&master.finalize())
        };
        Ok(Self {
            settings,
            http,
            provider: RwLock::new(None),
            last_refresh: Mutex::new(None),
            failed_discovery: std::sync::Mutex::new(None),
            pending_key,
        })
    }

    /// The issuer's origin: sign-out's form may be redirected there (the CSP allows it).
    pub fn issuer_origin(&self) -> Option<String> {
        let url = openidconnect::url::Url::parse(&self.settings.issuer).ok()?;
        Some(url.origin().ascii_serialization())
    }

    /// The provider as discovered, discovering it first if no discovery has succeeded yet.
    async fn provider(&self) -> Result<Arc<Provider>, DfeSignInError> {
        if let Some(provider) = self.provider.read().await.as_ref() {
            return Ok(provider.clone());
        }
        let mut slot = self.provider.write().await;
        if let Some(provider) = slot.as_ref() {
            return Ok(provider.clone());
        }
        let failed = || {
            self.failed_discovery
                .lock()
                .unwrap_or_else(|p| p.into_inner())
        };
        if failed().is_some_and(|at| at.elapsed() < DISCOVERY_RETRY_AFTER) {
            return Err(DfeSignInError::Discovery(
                "it failed moments ago; not asked again yet".to_owned(),
            ));
        }
        let provider = match self.discover().await {
            Ok(provider) => Arc::new(provider),
            Err(err) => {
                *failed() = Some(Instant::now());
                return Err(err);
            }
        };
        *failed() = None;
        *slot = Some(provider.clone());
        Ok(provider)
    }

    /// Discovery and the keys fetched again, unless a token made us do that less than
    /// [`REFRESH_AT_MOST_EVERY`] ago (then `None`).
    async fn refresh(&self) -> Result<Option<Arc<Provider>>, DfeSignInError> {
        let mut last = self.last_refresh.lock().await;
        if last.is_some_and(|at| at.elapsed() < REFRESH_AT_MOST_EVERY) {
            return Ok(None);
        }
        *last = Some(Instant::now());
        let provider = Arc::new(self.discover().await?);
        *self.provider.write().await = Some(provider.clone());
        tracing::info!("fetched DfE Sign-in's discovery and signing keys again");
        Ok(Some(provider))
    }

    /// The provider's metadata and its signing keys (JWKS), fetched now.
    async fn discover(&self) -> Result<Provider, DfeSignInError> {
        let issuer = IssuerUrl::new(self.settings.issuer.clone())?;
        let metadata = ProviderMetadataWithLogout::discover_async(issuer, &self.http)
            .await
            .map_err(|err| DfeSignInError::Discovery(err.to_string()))?;
        let end_session = metadata.additional_metadata().end_session_endpoint.clone();
        let client = CoreClient::from_provider_metadata(
            metadata,
            ClientId::new(self.settings.client_id.clone()),
            Some(ClientSecret::new(
                self.settings.client_secret.expose_secret().to_owned(),
            )),
        )
        .set_redirect_uri(RedirectUrl::new(self.settings.redirect_url.clone())?);
        Ok(Provider {
            client,
            end_session,
        })
    }

    /// Where to send a person signing out, to end their DfE Sign-in session too (then back to
    /// our sign-in page); `None` when the provider has no end-session endpoint.
    pub async fn end_session_url(&self, id_token: Option<String>) -> Option<String> {
        let provider = self.provider().await.ok()?;
        let endpoint = provider.end_session.clone()?;
        let back = openidconnect::url::Url::parse(&self.settings.redirect_url)
            .ok()?
            .join(paths::SIGN_IN)
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
/// and the page to return to, kept encrypted in a cookie of their own (an anonymous visitor
/// gets no session until signed in).
pub async fn start(
    State(state): State<AuthState>,
    headers: HeaderMap,
    Query(start): Query<Start>,
) -> Response {
    let Some(dfe) = state.dfe_sign_in.as_deref() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let provider = match dfe.provider().await {
        Ok(provider) => provider,
        Err(err) => {
            tracing::error!(error = %err, "DfE Sign-in is unavailable");
            return Redirect::to(&AppError::SignInFailed.page()).into_response();
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
        return_to: return_to::remembered(state.cookies, &headers),
        again: start.again.is_some(),
    };
    let Some(cookie) = dfe.pending_cookie(state.cookies, &pending) else {
        tracing::error!("could not keep the sign-in in its cookie");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let mut response = Redirect::to(url.as_str()).into_response();
    let headers = response.headers_mut();
    headers.append(header::SET_COOKIE, cookie);
    headers.append(header::SET_COOKIE, return_to::forget(state.cookies));
    response
}

impl DfeSignIn {
    /// The sign-in under way, encrypted (and so also authenticated) into its cookie.
    fn pending_cookie(
        &self,
        cookies: super::CookiePolicy,
        pending: &Pending,
    ) -> Option<axum::http::HeaderValue> {
        let value = serde_json::to_string(pending).ok()?;
        let cookie = cookie::Cookie::build((cookies.pending_sign_in_name(), value))
            .path("/")
            .http_only(true)
            // Sent back on the top-level navigation from DfE Sign-in to the callback.
            .same_site(cookie::SameSite::Lax)
            .secure(cookies.secure)
            .max_age(cookie::time::Duration::minutes(PENDING_FOR_MINUTES))
            .build();
        let mut jar = cookie::CookieJar::new();
        jar.private_mut(&self.pending_key).add(cookie);
        let sealed = jar.delta().next()?.encoded().to_string();
        axum::http::HeaderValue::from_str(&sealed).ok()
    }

    /// The sign-in under way in this browser, if its cookie is there and is ours.
    fn pending_from(&self, cookies: super::CookiePolicy, headers: &HeaderMap) -> Option<Pending> {
        let mut jar = cookie::CookieJar::new();
        for value in headers.get_all(header::COOKIE) {
            let Ok(value) = value.to_str() else { continue };
            for cookie in cookie::Cookie::split_parse_encoded(value).flatten() {
                jar.add_original(cookie.into_owned());
            }
        }
        let cookie = jar
            .private(&self.pending_key)
            .get(cookies.pending_sign_in_name())?;
        serde_json::from_str(cookie.value()).ok()
    }
}

/// Clears the sign-in-under-way cookie.
fn forget_pending(cookies: super::CookiePolicy) -> axum::http::HeaderValue {
    let cookie = cookie::Cookie::build((cookies.pending_sign_in_name(), ""))
        .path("/")
        .http_only(true)
        .same_site(cookie::SameSite::Lax)
        .secure(cookies.secure)
        .max_age(cookie::time::Duration::ZERO)
        .build();
    axum::http::HeaderValue::from_str(&cookie.encoded().to_string())
        .unwrap_or_else(|_| axum::http::HeaderValue::from_static(""))
}

/// The way back to a new sign-in when DfE Sign-in says its session expired during this one
/// (the callback's state is this sign-in's, and it was not itself started again), with the page
/// to return to remembered again.
fn start_again(
    pending: Option<&Pending>,
    callback: &Callback,
    cookies: super::CookiePolicy,
) -> Option<Response> {
    let pending = pending?;
    let expired = callback.error.as_deref() == Some(SESSION_EXPIRED)
        && callback.state.as_deref() == Some(pending.state.as_str())
        && !pending.again;
    if !expired {
        return None;
    }
    let mut response = Redirect::to(&format!("{}?again", paths::DFE_SIGN_IN)).into_response();
    if let Some(cookie) = pending
        .return_to
        .as_deref()
        .and_then(|path| return_to::remember(cookies, path))
    {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    Some(response)
}

/// `GET /auth/dfe/callback`: back from DfE Sign-in.
pub async fn callback(
    State(state): State<AuthState>,
    session: Session,
    headers: HeaderMap,
    Query(callback): Query<Callback>,
) -> Response {
    let Some(dfe) = state.dfe_sign_in.as_deref() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    // Its cookie goes whatever happens next: each sign-in's callback works once.
    let pending = dfe.pending_from(state.cookies, &headers);
    let mut response = callback_answer(&state, dfe, &session, pending, callback).await;
    response
        .headers_mut()
        .append(header::SET_COOKIE, forget_pending(state.cookies));
    response
}

/// What the callback answers, the sign-in under way (if this browser has one) taken.
async fn callback_answer(
    state: &AuthState,
    dfe: &DfeSignIn,
    session: &Session,
    pending: Option<Pending>,
    callback: Callback,
) -> Response {
    let return_to = pending.as_ref().and_then(|p| p.return_to.clone());
    if let Some(again) = start_again(pending.as_ref(), &callback, state.cookies) {
        tracing::info!("DfE Sign-in's session expired during sign-in; starting again");
        return again;
    }
    let identity = match verify(dfe, pending, callback).await {
        Ok(identity) => identity,
        Err(refused) => {
            // What the visitor sent is a field of its own, escaped: it cannot forge a line.
            let provider_error = match &refused {
                Refused::ProviderError { error } => Some(error.as_str()),
                _ => None,
            };
            tracing::warn!(reason = %refused, provider_error = ?provider_error, "DfE Sign-in callback refused");
            return Redirect::to(&AppError::SignInFailed.page()).into_response();
        }
    };
    match sign_in::sign_in(&state.db, &identity.0).await {
        Ok(Ok(signed_in)) => match session_start::sign_in(
            session,
            signed_in.user.id,
            signed_in.signed_in_at,
            signed_in.previous_sign_in_at,
            return_to,
        )
        .await
        {
            Ok(destination) => {
                if let Err(err) = session.insert(ID_TOKEN, identity.1).await {
                    tracing::warn!(error = %err, "could not keep the ID token for sign-out");
                }
                tracing::info!(user_id = signed_in.user.id, "signed in with DfE Sign-in");
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
            let error = match reason {
                NoAccess::Inactive => AppError::AccountInactive,
                NoAccess::Unknown | NoAccess::LinkedToAnotherAccount => AppError::NoAccess,
            };
            Redirect::to(&error.page()).into_response()
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
) -> Result<(DfeIdentity, String), Refused> {
    let pending = pending.ok_or(Refused::NotUnderWay)?;
    if callback.state.as_deref() != Some(pending.state.as_str()) {
        return Err(Refused::StateMismatch);
    }
    if let Some(error) = callback.error {
        return Err(Refused::ProviderError { error });
    }
    let code = callback.code.ok_or(Refused::NoCode)?;
    let provider = dfe.provider().await?;
    let tokens = provider
        .client
        .exchange_code(AuthorizationCode::new(code))
        .map_err(|e| Refused::Exchange(e.to_string()))?
        .set_pkce_verifier(PkceCodeVerifier::new(pending.pkce_verifier))
        .request_async(&dfe.http)
        .await
        .map_err(|e| Refused::Exchange(e.to_string()))?;
    let id_token = tokens.id_token().ok_or(Refused::NoIdToken)?;
    let nonce = Nonce::new(pending.nonce);
    let verified = |provider: &Provider| -> Result<CoreIdTokenClaims, ClaimsVerificationError> {
        id_token
            .claims(&provider.client.id_token_verifier(), &nonce)
            .cloned()
    };
    let claims = match verified(&provider) {
        Ok(claims) => claims,
        // Signed with a key we do not hold (or one that changed): DfE Sign-in may have rotated
        // its keys since we fetched them.
        // (A sign-in that arrives while another has just fetched them uses those.)
        Err(ClaimsVerificationError::SignatureVerification(first)) => {
            let fresh = match dfe.refresh().await? {
                Some(fresh) => fresh,
                None => dfe.provider().await?,
            };
            if Arc::ptr_eq(&fresh, &provider) {
                return Err(Refused::IdToken(first.to_string()));
            }
            verified(&fresh).map_err(|e| Refused::IdToken(e.to_string()))?
        }
        Err(err) => return Err(Refused::IdToken(err.to_string())),
    };
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

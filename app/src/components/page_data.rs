use super::ErrorPage;
use crate::error::AppError;
use leptos::prelude::*;
use std::future::Future;

/// A page whose content comes from the server: `children` rendered with what `load` gives, or
/// the GOV.UK error page (which also sets the response status). Routes render these in async
/// mode, so the page arrives whole, with JavaScript or without.
///
/// The data is awaited as the page renders, not held in a `Resource`: a resource is also
/// written into the page as a script for the browser to hydrate from, and these pages are never
/// hydrated (an island gets what it needs as its props). So a page carries its data once.
#[component]
pub fn PageData<T, L, F, V>(load: L, children: F) -> impl IntoView
where
    T: Send + 'static,
    L: Future<Output = Result<T, AppError>> + Send + 'static,
    F: FnOnce(T) -> V + Send + 'static,
    V: IntoView + 'static,
{
    view! {
        <Suspense>
            {Suspend::new(async move {
                match load.await {
                    Ok(data) => children(data).into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

use super::govuk_svg::{ARROW_NEXT_PATH, ARROW_PREV_PATH};
use domain::content;
use domain::paging::{PageItem, page_items};
use leptos::prelude::*;

/// GOV.UK pagination, linking each page number to `href(n)` (which keeps a search's terms). Render it only when there is
/// more than one page.
#[component]
pub fn Pagination(
    href: impl Fn(u32) -> String + 'static,
    current: u32,
    total: u32,
) -> impl IntoView {
    let prev = (current > 1).then(|| {
        view! {
            <div class="govuk-pagination__prev">
                <a class="govuk-link govuk-pagination__link" href=href(current - 1) rel="prev">
                    <svg
                        class="govuk-pagination__icon govuk-pagination__icon--prev"
                        xmlns="http://www.w3.org/2000/svg"
                        height="13"
                        width="15"
                        aria-hidden="true"
                        focusable="false"
                        viewBox="0 0 15 13"
                    >
                        <path d=ARROW_PREV_PATH></path>
                    </svg>
                    <span class="govuk-pagination__link-title">
                        {content::PREVIOUS}
                        <span class="govuk-visually-hidden">{content::PAGE_SUFFIX_HIDDEN}</span>
                    </span>
                </a>
            </div>
        }
    });
    let next = (current < total).then(|| {
        view! {
            <div class="govuk-pagination__next">
                <a class="govuk-link govuk-pagination__link" href=href(current + 1) rel="next">
                    <span class="govuk-pagination__link-title">
                        {content::NEXT}
                        <span class="govuk-visually-hidden">{content::PAGE_SUFFIX_HIDDEN}</span>
                    </span>
                    <svg
                        class="govuk-pagination__icon govuk-pagination__icon--next"
                        xmlns="http://www.w3.org/2000/svg"
                        height="13"
                        width="15"
                        aria-hidden="true"
                        focusable="false"
                        viewBox="0 0 15 13"
                    >
                        <path d=ARROW_NEXT_PATH></path>
                    </svg>
                </a>
            </div>
        }
    });
    let items = page_items(current, total)
        .into_iter()
        .map(|item| match item {
            PageItem::Ellipsis => view! {
                <li class="govuk-pagination__item govuk-pagination__item--ellipses">"⋯"</li>
            }
            .into_any(),
            PageItem::Number(n) if n == current => view! {
                <li class="govuk-pagination__item govuk-pagination__item--current">
                    <a
                        class="govuk-link govuk-pagination__link"
                        href=href(n)
                        aria-label=content::page_label(n)
                        aria-current="page"
                    >
                        {n}
                    </a>
                </li>
            }
            .into_any(),
            PageItem::Number(n) => view! {
                <li class="govuk-pagination__item">
                    <a class="govuk-link govuk-pagination__link" href=href(n) aria-label=content::page_label(n)>
                        {n}
                    </a>
                </li>
            }
            .into_any(),
        })
        .collect_view();
    view! {
        <nav class="govuk-pagination" aria-label=content::PAGINATION_LABEL>
            {prev}
            <ul class="govuk-pagination__list">{items}</ul>
            {next}
        </nav>
    }
}

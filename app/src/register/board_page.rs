//! `/register`: the board, in Blue, Red, Amber, Green order.

use super::{
    board::{Board, BoardSection},
    board_query::{BoardQuery, Filters, PAGE_SIZE, SECTION_PREVIEW},
    card::Card,
    filters::FilterPanel,
    get_board::get_board,
    live_board::LiveBoard,
};
use crate::models::ShownCard;
use crate::{
    feed::FeedStatusLine,
    layout::{live_part, ErrorSummary, Problem},
    people::RatingActions,
};
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};

/// The register board page.
#[component]
pub fn BoardPage() -> impl IntoView {
    let params = use_query_map();
    // Filters posted without JavaScript come from the request body; they are handed to the
    // browser inside the page, so hydration starts from the same board.
    let posted = SharedValue::new(posted_filters).into_inner();
    let filters = RwSignal::new(posted);
    let query = Memo::new(move |_| {
        let params = params.read();
        let from_url = BoardQuery::from_pairs(|k| params.get_str(k));
        match filters.get() {
            Some(filters) => from_url.with_filters(&filters),
            None => from_url,
        }
    });
    let navigate = use_navigate();
    let apply = Callback::new(move |new: Filters| {
        let href = BoardQuery::default()
            .as_list(query.get_untracked().list)
            .with_filters(&new)
            .href();
        filters.set(Some(new));
        navigate(&href, Default::default());
    });
    let actions = RatingActions::for_page();
    let live = LiveBoard::new();
    Effect::new(move |_| live.running.set(true));
    let refreshes = crate::feed::Refreshes::new((
        query.get_untracked(),
        actions.action.version().get_untracked(),
    ));
    let board = Resource::new(
        move || {
            (
                query.get(),
                actions.action.version().get(),
                live.reload.get(),
            )
        },
        move |(query, version, reloads)| {
            let refresh = refreshes.is_refresh((query.clone(), version), reloads);
            get_board(query, refresh)
        },
    );
    #[cfg(feature = "hydrate")]
    focus_follows_the_changed_card(actions, board);
    // Follow the feed from the first board read, for the life of the page.
    #[cfg(feature = "hydrate")]
    crate::feed::start_after_first_read(
        move || board.get().and_then(|b| b.ok()).map(|b| b.head),
        move |head| live.follow(head, query),
    );
    // A plain form post that failed comes back with its error but without its input, so
    // it is not known which card it came from: say so at the top of the board.
    let orphan_error = move || {
        let Some(Err(err)) = actions.action.value().get() else {
            return None;
        };
        actions.last.get().is_none().then(|| {
            let items = match &err {
                crate::error::AppError::Invalid(fields) => fields
                    .iter()
                    .map(|f| ("#board".to_owned(), f.message.clone()))
                    .collect(),
                other => vec![("#board".to_owned(), other.to_string())],
            };
            view! { <ErrorSummary items/> }
        })
    };
    // A refused search is a problem with the search field, shown beside it.
    let search_error = Signal::derive(move || {
        board
            .get()
            .and_then(|b| b.err())
            .and_then(|e| e.message_for("q"))
    });
    let me = crate::auth::signed_in::use_signed_in().0;
    let role_is = move |role| {
        me.get()
            .and_then(Result::ok)
            .flatten()
            .is_some_and(|m| m.role == role)
    };
    let professional = move || role_is(crate::models::Role::Professional);
    view! {
        <Title text=crate::layout::title_text(move || format!("{}Register board - Dynamic Support Register", if search_error.get().is_some() { "Error: " } else { "" }))/>
        {orphan_error}
        {move || search_error.get().map(|message| view! { <ErrorSummary items=vec![("#filter-q".to_owned(), message)]/> })}
        <h1>"Register board"</h1>
        {move || if professional() {
            view! { <p class="nhsuk-lede-text">"The people on the Dynamic Support Register you work with, by their risk of going into a mental-health hospital. You see the people you (or your agency) are linked to; searches look only among them. If someone is missing, ask the LDA team."</p> }.into_any()
        } else {
            view! { <p class="nhsuk-lede-text">"Everyone on the Dynamic Support Register, by their risk of going into a mental-health hospital."</p> }.into_any()
        }}
        {move || query.with(|q| q.rating.is_none()).then(|| view! { <JumpLinks/> })}
        <p><a href="/register/meeting">"Open the DSR meeting view"</a>" (the agenda, one person at a time)"</p>
        {move || role_is(crate::models::Role::Coordinator).then(|| view! {
            <p><a href="/register/agencies">"Choose which agencies see brief cards"</a>" (beyond the people they are linked to)"</p>
            <p><a href="/register/closed">"Closed records"</a>" (people who have left the register)"</p>
        })}
        {move || view! { <FilterPanel query=query.get() on_apply=apply search_error show_age=!professional()/> }}
        <FeedStatusLine status=live.status/>
        <div class="nhsuk-u-visually-hidden" aria-live="polite" data-testid="announcements">{move || live.announcement.get()}</div>
        <Transition fallback=|| view! { <p>"Loading the register…"</p> }>
            {move || Suspend::new(async move {
                actions.ready().await;
                match board.await {
                    Ok(board) => {
                        let query = query.get_untracked();
                        let board = live.show(board, &query);
                        view! { <Sections board query actions live/> }.into_any()
                    }
                    // Shown beside the search field above.
                    Err(error) if error.message_for("q").is_some() => ().into_any(),
                    Err(error) => view! { <Problem error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The board's sections, or the one section being paged through, kept live: how many are
/// shown of how many match, links to each rating's section, the people a professional
/// supports first, and the choice of cards or one line per person.
#[component]
fn Sections(
    board: RwSignal<Board>,
    query: BoardQuery,
    actions: RatingActions,
    live: LiveBoard,
) -> impl IntoView {
    // Of the sections on screen (one, when a rating is paged through).
    let counts = move || {
        board.with(|b| {
            let shown: i64 = b.sections.iter().map(|s| s.cards.len() as i64).sum();
            let total: i64 = b.sections.iter().map(|s| s.count).sum();
            (shown, total)
        })
    };
    let all_ratings = query.rating.map(|_| query.for_rating(None, 1).href());
    let layout = if query.list {
        (query.as_list(false).href(), "Show as cards")
    } else {
        (query.as_list(true).href(), "Show one line per person")
    };
    let list = query.list;
    let mine_href = BoardQuery {
        mine: true,
        ..query.clone()
    }
    .href();
    view! {
        <p id="board" class="dsr-board-total">
            <span>
                {move || {
                    let (shown, total) = counts();
                    shown_of(shown, total)
                }}
            </span>
            {all_ratings.map(|href| view! { <span>" · " <a href=href>"Show all ratings"</a></span> })}
            <span>" · " <a href=layout.0>{layout.1}</a></span>
        </p>
        {move || board.with(|b| b.own.clone()).map(|own| view! { <OwnPeople own today=board.with_untracked(|b| b.today) mine_href=mine_href.clone()/> })}
        <div class="dsr-board" class:dsr-board--list=list>
            {live_part(move || {
                let (today, sections) = board.with(|b| (b.today, b.sections.clone()));
                sections
                    .into_iter()
                    .map(|section| view! { <Section section today query=query.clone() actions live/> })
                    .collect_view()
            })}
        </div>
    }
}

/// "Showing 20 of 141 people", or "141 people shown" when all are.
fn shown_of(shown: i64, total: i64) -> String {
    let people = |n: i64| if n == 1 { "person" } else { "people" };
    if shown >= total {
        format!("{total} {} shown", people(total))
    } else {
        format!("Showing {shown} of {total} {}", people(total))
    }
}

/// Links to each rating's section, so a keyboard reaches Red without passing Blue. The
/// browser follows them itself (`rel="external"` keeps the router out), so the next Tab
/// starts from the section.
#[component]
fn JumpLinks() -> impl IntoView {
    let links = crate::models::Rating::ALL
        .iter()
        .map(|rating| view! { <li><a href=format!("#section-{}", rating.code()) rel="external">{rating.label()}</a></li> })
        .collect_view();
    view! {
        <nav class="dsr-jump" aria-label="Ratings on the board">
            <span class="dsr-jump__label">"Jump to:"</span>
            <ul class="dsr-jump__list">{links}</ul>
        </nav>
    }
}

/// The people a professional supports, one line each with what is due, above the board
/// that also shows others' brief cards.
#[component]
fn OwnPeople(own: super::board::OwnSection, today: NaiveDate, mine_href: String) -> impl IntoView {
    let shown = own.cards.len() as i64;
    view! {
        <section class="dsr-section dsr-section--own" aria-labelledby="section-own">
            <h2 class="dsr-section__heading" id="section-own">
                "People you support " <span class="dsr-section__count">{format!("({})", own.count)}</span>
            </h2>
            <p class="dsr-section__meaning">"Linked to you or your agency, most urgent rating first."</p>
            {if own.cards.is_empty() {
                view! { <p>"No one you support matches the filters."</p> }.into_any()
            } else {
                view! {
                    <ul class="nhsuk-list dsr-own">
                        {own.cards.into_iter().map(|card| {
                            let dues = card.due_lines(today)
                                .into_iter()
                                .map(|(words, late)| view! { <span class="dsr-own__due"><crate::layout::DueWords words late/></span> })
                                .collect_view();
                            view! {
                                <li>
                                    <a href=format!("/people/{}", card.id)>{card.name.clone()}</a>
                                    <crate::layout::RatingTag rating=card.rating/>
                                    <span class="dsr-own__due">{format!("review due {}", crate::models::format_date(card.review_due))}</span>
                                    {dues}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <p>
                {(shown < own.count).then(|| view! { <span>{shown_of(shown, own.count)} " · "</span> })}
                <a href=mine_href>"Show only the people you support"</a>
            </p>
        </section>
    }
}

/// One rating's section: heading with count and meaning, its cards, and paging.
#[component]
fn Section(
    section: BoardSection,
    today: NaiveDate,
    query: BoardQuery,
    actions: RatingActions,
    live: LiveBoard,
) -> impl IntoView {
    let rating = section.rating;
    let heading_id = format!("section-{}", rating.code());
    let labelled_by = heading_id.clone();
    let shown = section.cards.len() as i64;
    let showing = (shown < section.count && query.rating.is_none()).then(|| {
        view! { <p class="dsr-section__showing">{format!("Showing {shown} of {}", section.count)}</p> }
    });
    let more = (query.rating.is_none() && section.count > SECTION_PREVIEW).then(|| {
        let href = format!(
            "{}#section-{}",
            query.for_rating(Some(rating), 1).href(),
            rating.code()
        );
        view! {
            <p class="dsr-section__more">
                <a href=href>{format!("Show all {} {} people", section.count, rating.label())}</a>
            </p>
        }
    });
    let pages = query.rating.map(|_| {
        let page = query.page;
        let prev = (page > 1).then(|| query.for_rating(Some(rating), page - 1).href());
        let next = (section.offset + shown < section.count).then(|| query.for_rating(Some(rating), page + 1).href());
        let last_page = (section.count + PAGE_SIZE - 1) / PAGE_SIZE;
        let first = section.offset + 1;
        view! {
            <nav class="nhsuk-pagination" role="navigation" aria-label="Pages">
                <p class="dsr-page-of">
                    {if shown > 0 {
                        format!("Page {page} of {}: {first} to {} of {}", last_page.max(1), section.offset + shown, section.count)
                    } else {
                        format!("Page {page} of {}", last_page.max(1))
                    }}
                </p>
                <ul class="nhsuk-list nhsuk-pagination__list">
                    {prev.map(|href| view! { <li class="nhsuk-pagination-item--previous"><a class="nhsuk-pagination__link nhsuk-pagination__link--prev" href=href><span class="nhsuk-pagination__title">"Previous page"</span></a></li> })}
                    {next.map(|href| view! { <li class="nhsuk-pagination-item--next"><a class="nhsuk-pagination__link nhsuk-pagination__link--next" href=href><span class="nhsuk-pagination__title">"Next page"</span></a></li> })}
                </ul>
            </nav>
        }
    });
    view! {
        <section class=format!("dsr-section dsr-section--{}", rating.code()) aria-labelledby=labelled_by>
            <h2 class="dsr-section__heading" id=heading_id>
                {rating.label()} " " <span class="dsr-section__count">{format!("({})", section.count)}</span>
            </h2>
            <p class="dsr-section__meaning">{rating.meaning()}</p>
            {showing}
            {if section.cards.is_empty() {
                view! { <p class="dsr-section__empty">"No one in this group."</p> }.into_any()
            } else {
                view! { <CardList cards=section.cards today actions live/> }.into_any()
            }}
            {more}
            {pages}
        </section>
    }
}

/// A section's cards. The server sends them as kept HTML (see `card_html`); once the page
/// is running, the browser swaps in live cards drawn from the same board data.
#[component]
fn CardList(
    cards: Vec<ShownCard>,
    today: NaiveDate,
    actions: RatingActions,
    live: LiveBoard,
) -> impl IntoView {
    live_part(move || {
        if live.running.get() {
            let cards = cards.clone();
            view! {
                <ul class="dsr-cards">
                    {cards
                        .into_iter()
                        .map(|card| {
                            let id = card.id();
                            let highlighted = Signal::derive(move || live.highlight.get() == Some(id));
                            view! { <Card card today actions highlighted/> }
                        })
                        .collect_view()}
                </ul>
            }
            .into_any()
        } else {
            view! { <ul class="dsr-cards" inner_html=kept_html(&cards, today, actions)></ul> }
                .into_any()
        }
    })
}

/// The kept HTML of `cards` on the server; nothing in the browser, which keeps what the
/// server sent until it draws its own.
fn kept_html(cards: &[ShownCard], today: NaiveDate, actions: RatingActions) -> String {
    #[cfg(feature = "ssr")]
    if let Ok(state) = crate::state::AppState::current() {
        return super::card_html::cards_html(&state.kept(), cards, today, actions);
    }
    let _ = (cards, today, actions);
    String::new()
}

/// After a rating change from a card, the card is drawn again (often in another section):
/// keyboard focus goes to its name once it is, rather than falling back to the page.
#[cfg(feature = "hydrate")]
fn focus_follows_the_changed_card(
    actions: RatingActions,
    board: Resource<Result<Board, crate::error::AppError>>,
) {
    use leptos::wasm_bindgen::JsCast;
    let moved = RwSignal::new(None::<crate::models::Person>);
    Effect::new(move |_| {
        if let Some(Ok(saved)) = actions.action.value().get() {
            moved.set(Some(saved));
        }
    });
    Effect::new(move |_| {
        let Some(Ok(shown)) = board.get() else {
            return;
        };
        let Some(saved) = moved.get_untracked() else {
            return;
        };
        let drawn = shown
            .sections
            .iter()
            .flat_map(|s| &s.cards)
            .any(|c| c.id() == saved.id && c.rating() == saved.rating);
        if !drawn {
            return;
        }
        moved.set(None);
        request_animation_frame(move || {
            let link = document()
                .get_element_by_id(&format!("card-{}", saved.id))
                .and_then(|name| name.query_selector("a").ok().flatten())
                .and_then(|a| a.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(link) = link {
                let _ = link.focus();
            }
        });
    });
}

/// The filters posted to `/register` without JavaScript, if this render answers such a post.
fn posted_filters() -> Option<Filters> {
    #[cfg(feature = "ssr")]
    return use_context::<super::board_query::FilterForm>().map(Filters::from);
    #[cfg(not(feature = "ssr"))]
    None
}

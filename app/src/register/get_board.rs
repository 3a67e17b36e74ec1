//! Server function: the register board under the given filters.

use super::{board::Board, board_query::BoardQuery};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::{models::Rating, register::board::BoardSection, register::board_cache::BoardCache};
#[cfg(feature = "ssr")]
use chrono::NaiveDate;
use leptos::prelude::*;

/// Reads the board: counts per rating and the cards shown, under `query`'s filters and
/// the caller's scope (see `auth::access::Scope`). A coordinator's board read earlier is
/// served again while the change log has not moved on. Every search is audited, except
/// a `refresh` (the page reading again because the live feed asked it to) of a search
/// already recorded (see `auth::view_audit`).
#[server(prefix = "/api", endpoint = "get_board")]
pub async fn get_board(
    query: BoardQuery,
    #[server(default)] refresh: bool,
) -> Result<Board, AppError> {
    use crate::{
        auth::{access, caller},
        models::uk_today,
        state::AppState,
    };

    let caller = caller()?;
    let state = AppState::current()?;
    access::require_role(&state, &caller, "get_board", access::REGISTER).await?;
    let search = access::search_terms(&query.q)?;
    let scope = access::Scope::of(&state, &caller).await?;
    let viewer = scope.board_viewer();
    // Filtering by age would tell a professional more than their board shows them; the
    // people "I support" are a professional's (everyone else sees the whole register).
    let query = match viewer {
        None => BoardQuery {
            mine: false,
            ..query
        },
        Some(_) => BoardQuery { age: None, ..query },
    };
    let today = uk_today(chrono::Utc::now());
    let board = match viewer {
        // Only the whole register is kept: a professional's board is their own.
        None => {
            let cache = state.kept::<BoardCache>();
            let head = crate::store::change_log::head(&state.db).await?;
            match cache.get(&query, today, head) {
                Some(board) => board,
                None => {
                    let board = read_board(&state, &query, &search, &scope, today).await?;
                    cache.put(&query, today, &board);
                    board
                }
            }
        }
        Some(_) => read_board(&state, &query, &search, &scope, today).await?,
    };
    match &search {
        Some(search) => {
            let results = board.counts.iter().sum();
            access::audit_search(&state, &caller, search, results, refresh).await?;
        }
        None => {
            crate::auth::session::note_refresh(refresh);
        }
    }
    Ok(board)
}

/// Reads the board under `query` for `scope`, in one snapshot (so the board and the
/// change-log position it reflects agree).
#[cfg(feature = "ssr")]
async fn read_board(
    state: &crate::state::AppState,
    query: &BoardQuery,
    search: &Option<String>,
    scope: &crate::auth::access::Scope,
    today: NaiveDate,
) -> Result<Board, AppError> {
    use super::board_query::{PAGE_SIZE, SECTION_PREVIEW};
    use crate::store::board::{self, BoardFilter, Viewer};
    // The people a professional supports: their board without their agency's wider view.
    let supported = |viewer: Viewer| Viewer {
        wider: crate::models::BriefView::Off,
        ..viewer
    };
    let viewer = scope.board_viewer();
    let filter = BoardFilter {
        age_group: query.age,
        overdue_only: query.overdue,
        search: search.clone(),
        needs: query.needs,
        viewer: match viewer.clone() {
            Some(v) if query.mine => Some(supported(v)),
            other => other,
        },
    };
    // A professional who sees others' brief cards finds their own people first.
    let own_filter = viewer
        .filter(|v| {
            v.wider != crate::models::BriefView::Off && !query.mine && query.rating.is_none()
        })
        .map(|v| BoardFilter {
            viewer: Some(supported(v)),
            ..filter.clone()
        });
    // One snapshot: the board and the change-log position it reflects.
    let mut tx = state.db.begin_read().await?;
    let head = crate::store::change_log::head(&mut tx).await?;
    let counts = board::counts(&mut tx, &filter, today).await?;
    let shown: Vec<Rating> = match query.rating {
        Some(r) => vec![r],
        None => Rating::ALL.to_vec(),
    };
    let (limit, offset) = match query.rating {
        Some(_) => (
            PAGE_SIZE,
            i64::from(query.page.saturating_sub(1)) * PAGE_SIZE,
        ),
        None => (SECTION_PREVIEW, 0),
    };
    let mut sections = Vec::with_capacity(shown.len());
    for rating in shown {
        let cards = board::cards(&mut tx, &filter, rating, today, limit, offset).await?;
        sections.push(BoardSection {
            rating,
            count: counts[usize::from(rating.order())],
            cards: cards.into_iter().filter_map(|c| scope.show(c)).collect(),
            offset,
        });
    }
    let own = match own_filter {
        Some(own_filter) => Some(own_section(&mut tx, &own_filter, scope, today).await?),
        None => None,
    };
    tx.commit().await?;
    Ok(Board {
        today,
        sections,
        counts,
        head,
        own,
    })
}

/// The people a professional supports, most urgent rating first: how many match, and the
/// first of them.
#[cfg(feature = "ssr")]
async fn own_section(
    tx: &mut crate::store::Tx,
    filter: &crate::store::board::BoardFilter,
    scope: &crate::auth::access::Scope,
    today: NaiveDate,
) -> Result<super::board::OwnSection, AppError> {
    use super::board_query::SECTION_PREVIEW;
    use crate::store::board;
    let counts = board::counts(&mut *tx, filter, today).await?;
    let mut cards = Vec::new();
    for rating in Rating::ALL.iter().copied() {
        let left = SECTION_PREVIEW - cards.len() as i64;
        if left <= 0 {
            break;
        }
        let found = board::cards(&mut *tx, filter, rating, today, left, 0).await?;
        // Linked, so shown in full; anything else would be a brief card and is left out.
        cards.extend(
            found
                .into_iter()
                .filter_map(|c| scope.show(c))
                .filter_map(|c| c.full().cloned()),
        );
    }
    Ok(super::board::OwnSection {
        count: counts.iter().sum(),
        cards,
    })
}

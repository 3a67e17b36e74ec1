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
    // Filtering by age would tell a professional more than their board shows them.
    let query = match viewer {
        None => query,
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
    use crate::store::board::{self, BoardFilter};
    let filter = BoardFilter {
        age_group: query.age,
        overdue_only: query.overdue,
        search: search.clone(),
        needs: query.needs,
        viewer: scope.board_viewer(),
    };
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
    tx.commit().await?;
    Ok(Board {
        today,
        sections,
        counts,
        head,
    })
}

//! Server function: the register board under the given filters.

use super::board_query::BoardQuery;
use crate::{
    error::AppError,
    models::{Rating, ShownCard},
};
use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One rating's section of the board.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardSection {
    /// The rating.
    pub rating: Rating,
    /// How many people in this section match the filters.
    pub count: i64,
    /// The cards shown (a preview, or one page), each in full or brief as the caller may
    /// see it.
    pub cards: Vec<ShownCard>,
    /// Position of the first card shown within the section.
    pub offset: i64,
}

/// The board as rendered: sections in Blue, Red, Amber, Green order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Board {
    /// The day the board was read, in the UK; "overdue" is judged against it.
    pub today: NaiveDate,
    /// Every section, or only the one being paged through.
    pub sections: Vec<BoardSection>,
    /// Per-rating counts under the filters, in board order, for every rating.
    pub counts: [i64; 4],
    /// The newest change-log entry this board reflects; the live feed continues from it.
    pub head: i64,
}

/// Reads the board: counts per rating and the cards shown, under `query`'s filters and
/// the caller's scope (see `auth::access::Scope`). A coordinator's board read earlier is
/// served again while the change log has not moved on. Every search is audited, except
/// a `refresh` (the page reading again because the live feed asked it to: the same search
/// again), which also does not keep the session alive (see `auth::session::note_refresh`).
#[server(prefix = "/api", endpoint = "get_board")]
pub async fn get_board(
    query: BoardQuery,
    #[server(default)] refresh: bool,
) -> Result<Board, AppError> {
    use super::board_query::{PAGE_SIZE, SECTION_PREVIEW};
    use crate::{
        auth::{access, caller},
        models::uk_today,
        state::AppState,
        store::board::{self, BoardFilter},
    };

    let caller = caller()?;
    let state = AppState::current()?;
    access::require_role(&state, &caller, "get_board", access::REGISTER).await?;
    let refresh = crate::auth::session::note_refresh(refresh);
    let search = access::search_terms(&query.q)?;
    let scope = access::Scope::of(&state, &caller).await?;
    let viewer = scope.board_viewer();
    // Filtering by age would tell a professional more than their board shows them.
    let query = match viewer {
        None => query,
        Some(_) => BoardQuery { age: None, ..query },
    };
    let today = uk_today(chrono::Utc::now());
    let head = crate::store::change_log::head(&state.db).await?;
    // Only the whole register is kept: a professional's board is their own.
    if viewer.is_none() {
        if let Some(board) = state.boards.get(&query, today, head) {
            return Ok(board);
        }
    }
    let filter = BoardFilter {
        age_group: query.age,
        overdue_only: query.overdue,
        search: search.clone(),
        viewer,
    };
    // One snapshot: the board and the change-log position it reflects.
    let mut tx = state.db.begin_read().await?;
    let head = crate::store::change_log::head_in(&mut tx).await?;
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
    let board = Board {
        today,
        sections,
        counts,
        head,
    };
    if let (Some(search), false) = (&search, refresh) {
        access::audit_search(&state, &caller, search, counts.iter().sum()).await?;
    }
    if matches!(scope, access::Scope::Everyone) {
        state.boards.put(&query, today, &board);
    }
    Ok(board)
}

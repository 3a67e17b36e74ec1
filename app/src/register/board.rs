//! The board as it is sent to the browser (wire types only).

use crate::models::{BoardCard, Rating, ShownCard};
use chrono::NaiveDate;
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
    /// For a professional who also sees others' brief cards, the people they support,
    /// shown first.
    #[serde(default)]
    pub own: Option<OwnSection>,
}

/// The people a professional supports (linked to them or their agency) under the filters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnSection {
    /// How many match.
    pub count: i64,
    /// The first of them, most urgent rating first, in full (each is linked to the reader).
    pub cards: Vec<BoardCard>,
}

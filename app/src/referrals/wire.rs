//! What the referral pages send and receive (wire types only).

use serde::{Deserialize, Serialize};

/// What a referrer is told once the referral has arrived.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    /// The reference to quote.
    pub reference: String,
    /// Working days within which the team aims to be in touch.
    pub contact_days: u32,
}

/// What the server keeps of a family's self-referral filled in without JavaScript, as
/// the form's pages show it (to that family only: it is found by their cookie).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeptReferral {
    /// The referral's idempotency key: the same whichever way it is sent.
    pub key: String,
    /// The answers so far (empty once sent).
    pub answers: crate::models::ReferralAnswers,
    /// The confirmation, once sent.
    pub receipt: Option<Receipt>,
}

/// Why a page of the self-referral form says more than its question: what happened to
/// a page posted without JavaScript. It travels in the address (`notice=`), so it never
/// holds anything personal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PostNotice {
    /// The answers from before could not be found (expired, deleted, or no cookie): a new
    /// draft keeps the answer just given.
    Restarted,
    /// "Check your answers" was posted, but no answers could be found: nothing was sent.
    Missing,
    /// A page was posted after the referral had been sent: nothing was changed.
    AlreadySent,
    /// The answers were deleted.
    Deleted,
    /// Too many forms from this connection this hour.
    TooMany,
    /// The send did not go through; the answers are kept.
    NotSent,
}

impl PostNotice {
    /// Its name in the address.
    pub fn code(self) -> &'static str {
        match self {
            PostNotice::Restarted => "restarted",
            PostNotice::Missing => "missing",
            PostNotice::AlreadySent => "already-sent",
            PostNotice::Deleted => "deleted",
            PostNotice::TooMany => "too-many",
            PostNotice::NotSent => "not-sent",
        }
    }

    /// The notice named `code`.
    pub fn from_code(code: &str) -> Option<PostNotice> {
        [
            PostNotice::Restarted,
            PostNotice::Missing,
            PostNotice::AlreadySent,
            PostNotice::Deleted,
            PostNotice::TooMany,
            PostNotice::NotSent,
        ]
        .into_iter()
        .find(|n| n.code() == code)
    }
}

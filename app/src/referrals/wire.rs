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

//! C(E)TRs on a person's record, and what the policy clock asks for: the record's part and
//! the pages that plan a review, record its consent and its outcome.

mod consent_page;
mod on_record;
mod outcome_page;
mod page;
mod plan_page;
pub mod save;

pub use consent_page::CtrConsentPage;
pub use on_record::{due_items, CtrsOnRecord};
pub use outcome_page::CtrOutcomePage;
pub use plan_page::CtrPlanPage;

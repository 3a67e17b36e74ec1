//! A person's record: details, rating history and the rating form.

pub mod change_rating;
pub mod ctrs;
pub mod get_person;
pub mod history;
mod history_page;
mod person_page;
mod rating_form;
pub mod record_team;
pub mod review;
mod review_page;
pub mod sections;
pub mod standing;
mod standing_pages;
pub mod wire;

pub use ctrs::{CtrConsentPage, CtrOutcomePage, CtrPlanPage};
pub use history_page::HistoryPage;
pub use person_page::{PersonPage, Record};
pub use rating_form::{RatingActions, RatingForm};
pub use review_page::ReviewPage;
pub use sections::{
    ContactPage, DetailsPage, DiagnosisPage, KeyworkerPage, NarrativePage, RemoveContactPage,
    RisksPage, RootCausePage, WhereTheyLivePage,
};
pub use standing_pages::{ClosedPage, ConsentPage, LeavePage};

//! The record's sections: each shown on the person page as a summary list with "Change"
//! links, each changed on a page of its own (one topic per page) by a server function of
//! its own, versioned, so a save from an out-of-date page is refused and writes nothing.

mod contact_pages;
mod details_page;
mod diagnosis_page;
mod keyworker_page;
mod narrative_page;
mod page;
mod risks_page;
mod root_cause_page;
mod save;
pub mod save_contact;
pub mod save_details;
pub mod save_diagnosis;
pub mod save_home;
pub mod save_keyworker;
pub mod save_narrative;
pub mod save_risks;
pub mod save_root_cause;
mod summary;
mod where_they_live_page;

pub use contact_pages::{ContactPage, RemoveContactPage};
pub use details_page::DetailsPage;
pub use diagnosis_page::DiagnosisPage;
pub use keyworker_page::KeyworkerPage;
pub use narrative_page::NarrativePage;
pub(crate) use page::{closed_notice, record_resource, section_page, SectionTop, SummaryList};
pub use risks_page::RisksPage;
pub use root_cause_page::RootCausePage;
pub use summary::{RecordDetails, RecordSections};
pub use where_they_live_page::WhereTheyLivePage;

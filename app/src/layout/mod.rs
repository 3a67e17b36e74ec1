//! The page frame (skip link, header, footer) and small shared pieces.

mod consent_fields;
mod counted_text;
mod due_words;
mod error_summary;
mod footer;
mod form;
mod header;
mod kept_fields;
mod kept_html;
mod live_part;
mod problem;
mod rating_tag;
mod server_escaped;
mod since_marks;
mod table_head;
mod title_text;

pub use consent_fields::{ConsentFields, DateField};
pub use counted_text::CountedText;
pub use due_words::DueWords;
pub use error_summary::{ErrorSummary, ERROR_SUMMARY_ID};
pub use footer::Footer;
pub use form::{
    error_message, field_error, summary_for, Checkbox, RadiosField, SelectField, TextAreaField,
    TextField,
};
pub use header::{focus_main, Header, SkipLink};
pub use kept_fields::{start_chosen, start_text, KeptFields};
pub use kept_html::{drawn_in_browser, KeptHtml};
pub use live_part::live_part;
pub use problem::Problem;
pub use rating_tag::{tag_class, RatingTag};
pub use server_escaped::server_escaped;
pub use since_marks::SinceMarks;
pub use table_head::TableHead;
pub use title_text::title_text;

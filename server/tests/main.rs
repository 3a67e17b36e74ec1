//! The server's tests, built as one binary: each module below is one subject (the access
//! matrix, the feed, crashes, ...). One link instead of thirty keeps the test command short.

mod hostile;
mod support;

mod access;
mod actions;
mod approvals;
mod audit_gaps;
mod backup;
mod cli;
mod crash;
mod ctrs;
mod database_faults;
mod deployment;
mod feed;
mod figures;
mod hostile_input;
mod http;
mod instances;
mod kept_on_refusal;
mod lockout;
mod meetings;
mod observability;
mod origin;
mod pages_at_once;
mod passwords;
mod plain_referral;
mod preload_links;
mod record_details;
mod record_sections;
mod referrals;
mod refresh;
mod second_factor;
mod sign_in;
mod standing;
mod stopping;

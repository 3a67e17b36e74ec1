//! The `dsr` server: configuration, start-up, the HTTP router and the command line.

pub mod admin;
pub mod audit_check;
pub mod backup;
pub mod cli;
pub mod config;
pub mod demo;
pub mod demo_ctrs;
pub mod demo_meeting;
pub mod demo_referrals;
pub mod demo_sections;
pub mod demo_staff;
pub mod downloads;
pub mod events;
pub mod health;
pub mod logging;
pub mod metrics;
pub mod observe;
pub mod plain_referral;
pub mod preload_links;
pub mod redirects;
pub mod refused_forms;
pub mod refused_pages;
pub mod router;
pub mod security;
pub mod service_worker;
pub mod site;

//! The register's figures for the LDA team and commissioners: counts at the end of any
//! day, read from the states kept with every change (never today's rows), trends over
//! 12 month ends, small numbers suppressed for commissioners, and CSV exports.

pub mod chart;
#[cfg(feature = "ssr")]
pub mod count;
pub mod csv;
#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod gather;
pub mod get;
pub mod months;
pub mod names;
pub mod names_page;
pub mod page;
pub mod table;
pub mod wire;
